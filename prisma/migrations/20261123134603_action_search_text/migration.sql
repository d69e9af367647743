-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Action" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "authorityId" TEXT NOT NULL,
    "recommendationId" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "ownerId" TEXT,
    "leadService" TEXT NOT NULL DEFAULT '',
    "partnerAgencies" TEXT NOT NULL DEFAULT '',
    "successMeasure" TEXT NOT NULL DEFAULT '',
    "startDate" DATETIME,
    "dueDate" DATETIME,
    "status" TEXT NOT NULL DEFAULT 'not_started',
    "rag" TEXT,
    "ragReason" TEXT,
    "impactRag" TEXT,
    "impactReason" TEXT,
    "progress" INTEGER NOT NULL DEFAULT 0,
    "blockedReason" TEXT,
    "completedAt" DATETIME,
    "lastUpdateAt" DATETIME,
    "searchText" TEXT NOT NULL DEFAULT '',
    "position" INTEGER NOT NULL DEFAULT 0,
    "version" INTEGER NOT NULL DEFAULT 1,
    "deletedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Action_authorityId_fkey" FOREIGN KEY ("authorityId") REFERENCES "Authority" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Action_recommendationId_fkey" FOREIGN KEY ("recommendationId") REFERENCES "Recommendation" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Action_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Action" ("authorityId", "blockedReason", "completedAt", "createdAt", "deletedAt", "description", "dueDate", "id", "impactRag", "impactReason", "lastUpdateAt", "leadService", "ownerId", "partnerAgencies", "position", "progress", "rag", "ragReason", "recommendationId", "startDate", "status", "successMeasure", "title", "updatedAt", "version") SELECT "authorityId", "blockedReason", "completedAt", "createdAt", "deletedAt", "description", "dueDate", "id", "impactRag", "impactReason", "lastUpdateAt", "leadService", "ownerId", "partnerAgencies", "position", "progress", "rag", "ragReason", "recommendationId", "startDate", "status", "successMeasure", "title", "updatedAt", "version" FROM "Action";
DROP TABLE "Action";
ALTER TABLE "new_Action" RENAME TO "Action";
CREATE INDEX "Action_recommendationId_position_idx" ON "Action"("recommendationId", "position");
CREATE INDEX "Action_authorityId_status_dueDate_idx" ON "Action"("authorityId", "status", "dueDate");
CREATE INDEX "Action_authorityId_rag_dueDate_idx" ON "Action"("authorityId", "rag", "dueDate");
CREATE INDEX "Action_authorityId_updatedAt_idx" ON "Action"("authorityId", "updatedAt");
CREATE INDEX "Action_authorityId_lastUpdateAt_idx" ON "Action"("authorityId", "lastUpdateAt");
CREATE INDEX "Action_authorityId_dueDate_idx" ON "Action"("authorityId", "dueDate");
CREATE INDEX "Action_ownerId_dueDate_idx" ON "Action"("ownerId", "dueDate");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- Backfill: title, description and every update's text, lower-cased (the action service keeps it from here on).
UPDATE "Action" SET "searchText" = lower("title" || ' ' || "description" || coalesce(' ' || (SELECT group_concat("body", ' ') FROM "ActionUpdate" u WHERE u."actionId" = "Action"."id"), ''));
