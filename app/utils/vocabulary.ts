/**
 * A closed vocabulary (statuses, kinds, roles…) is said once: as its table of
 * labels, in display order. The list of values (for z.enum, loops and select
 * options) and the type are derived from the table's keys, so a value can never
 * be listed without its label, nor labelled without being listed. Pure.
 *
 *   export const BOARD_ROLE_LABELS = { chair: "Chair", member: "Member" };
 *   export type BoardRole = keyof typeof BOARD_ROLE_LABELS;
 *   export const BOARD_ROLES = keysOf(BOARD_ROLE_LABELS);
 *   export const isBoardRole = isOneOf(BOARD_ROLES);
 *   export const boardRoleLabel = labelOf(BOARD_ROLE_LABELS); // for a value read from storage
 */

/** The keys of a table, in the order they are written: a non-empty tuple, as z.enum wants. */
export function keysOf<K extends string>(table: Record<K, unknown>): readonly [K, ...K[]] {
  return Object.keys(table) as [K, ...K[]];
}

/** A guard for one of a list's values. */
export function isOneOf<T extends string>(list: readonly T[]): (value: unknown) => value is T {
  return (value: unknown): value is T => typeof value === "string" && (list as readonly string[]).includes(value);
}

/**
 * The label of a value read from storage (a plain string): its label when the
 * table knows it, else the value itself, so that a value this version does not
 * know is still shown rather than lost.
 */
export function labelOf<K extends string>(labels: Record<K, string>): (value: string) => string {
  const known = isOneOf(keysOf(labels));
  return (value: string) => (known(value) ? labels[value] : value);
}
