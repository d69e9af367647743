-- DropIndex
DROP INDEX "Action_authorityId_status_idx";

-- AlterTable
ALTER TABLE "Action" ADD COLUMN "lastUpdateAt" DATETIME;

-- CreateTable
CREATE TABLE "ActionMilestone" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "authorityId" TEXT NOT NULL,
    "actionId" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "dueDate" DATETIME,
    "doneAt" DATETIME,
    "position" INTEGER NOT NULL DEFAULT 0,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "ActionMilestone_authorityId_fkey" FOREIGN KEY ("authorityId") REFERENCES "Authority" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ActionMilestone_actionId_fkey" FOREIGN KEY ("actionId") REFERENCES "Action" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "ActionMilestone_actionId_position_idx" ON "ActionMilestone"("actionId", "position");

-- CreateIndex
CREATE INDEX "Action_authorityId_status_dueDate_idx" ON "Action"("authorityId", "status", "dueDate");

-- CreateIndex
CREATE INDEX "Action_authorityId_rag_dueDate_idx" ON "Action"("authorityId", "rag", "dueDate");

-- CreateIndex
CREATE INDEX "Action_authorityId_updatedAt_idx" ON "Action"("authorityId", "updatedAt");

-- CreateIndex
CREATE INDEX "Action_authorityId_lastUpdateAt_idx" ON "Action"("authorityId", "lastUpdateAt");
