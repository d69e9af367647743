-- AlterTable
ALTER TABLE "Action" ADD COLUMN     "searchText" TEXT NOT NULL DEFAULT '';

-- Backfill: title, description and every update's text, lower-cased (the action service keeps it from here on).
UPDATE "Action" a SET "searchText" = lower(a."title" || ' ' || a."description" || coalesce(' ' || (SELECT string_agg(u."body", ' ' ORDER BY u."createdAt") FROM "ActionUpdate" u WHERE u."actionId" = a."id"), ''));
