/** The actions a board covers: the Prisma filter shared by the board's services and its notifications. */

/** Actions in the board's scope (all its inspections, or the chosen ones), for the proposal, the "add an action" list and the digest. */
export function scopeWhere(board: { id: string; authorityId: string; scopeAllInspections: boolean }) {
  return {
    authorityId: board.authorityId,
    deletedAt: null,
    recommendation: {
      deletedAt: null,
      inspection: {
        deletedAt: null,
        ...(board.scopeAllInspections ? {} : { boardScopes: { some: { boardId: board.id } } }),
      },
    },
  };
}
