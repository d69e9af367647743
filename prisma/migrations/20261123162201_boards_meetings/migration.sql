-- CreateTable
CREATE TABLE "MeetingAttendance" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "authorityId" TEXT NOT NULL,
    "meetingId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "MeetingAttendance_authorityId_fkey" FOREIGN KEY ("authorityId") REFERENCES "Authority" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "MeetingAttendance_meetingId_fkey" FOREIGN KEY ("meetingId") REFERENCES "Meeting" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "MeetingAttendance_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "AgendaItem" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "authorityId" TEXT NOT NULL,
    "meetingId" TEXT NOT NULL,
    "actionId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "reasons" TEXT NOT NULL DEFAULT '[]',
    "origin" TEXT NOT NULL DEFAULT 'proposed',
    "snapshot" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "AgendaItem_authorityId_fkey" FOREIGN KEY ("authorityId") REFERENCES "Authority" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "AgendaItem_meetingId_fkey" FOREIGN KEY ("meetingId") REFERENCES "Meeting" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "AgendaItem_actionId_fkey" FOREIGN KEY ("actionId") REFERENCES "Action" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "BoardDecision" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "authorityId" TEXT NOT NULL,
    "meetingId" TEXT NOT NULL,
    "agendaItemId" TEXT NOT NULL,
    "actionId" TEXT NOT NULL,
    "decision" TEXT NOT NULL,
    "notes" TEXT NOT NULL DEFAULT '',
    "challenge" TEXT NOT NULL DEFAULT '',
    "newDueDate" DATETIME,
    "extensionReason" TEXT NOT NULL DEFAULT '',
    "decidedById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "BoardDecision_authorityId_fkey" FOREIGN KEY ("authorityId") REFERENCES "Authority" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "BoardDecision_meetingId_fkey" FOREIGN KEY ("meetingId") REFERENCES "Meeting" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "BoardDecision_agendaItemId_fkey" FOREIGN KEY ("agendaItemId") REFERENCES "AgendaItem" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "BoardDecision_actionId_fkey" FOREIGN KEY ("actionId") REFERENCES "Action" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "BoardDecision_decidedById_fkey" FOREIGN KEY ("decidedById") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

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
    "arisingFromDecisionId" TEXT,
    CONSTRAINT "Action_authorityId_fkey" FOREIGN KEY ("authorityId") REFERENCES "Authority" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Action_recommendationId_fkey" FOREIGN KEY ("recommendationId") REFERENCES "Recommendation" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Action_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Action_arisingFromDecisionId_fkey" FOREIGN KEY ("arisingFromDecisionId") REFERENCES "BoardDecision" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Action" ("authorityId", "blockedReason", "completedAt", "createdAt", "deletedAt", "description", "dueDate", "id", "impactRag", "impactReason", "lastUpdateAt", "leadService", "ownerId", "partnerAgencies", "position", "progress", "rag", "ragReason", "recommendationId", "searchText", "startDate", "status", "successMeasure", "title", "updatedAt", "version") SELECT "authorityId", "blockedReason", "completedAt", "createdAt", "deletedAt", "description", "dueDate", "id", "impactRag", "impactReason", "lastUpdateAt", "leadService", "ownerId", "partnerAgencies", "position", "progress", "rag", "ragReason", "recommendationId", "searchText", "startDate", "status", "successMeasure", "title", "updatedAt", "version" FROM "Action";
DROP TABLE "Action";
ALTER TABLE "new_Action" RENAME TO "Action";
CREATE INDEX "Action_recommendationId_position_idx" ON "Action"("recommendationId", "position");
CREATE INDEX "Action_authorityId_status_dueDate_idx" ON "Action"("authorityId", "status", "dueDate");
CREATE INDEX "Action_authorityId_rag_dueDate_idx" ON "Action"("authorityId", "rag", "dueDate");
CREATE INDEX "Action_authorityId_updatedAt_idx" ON "Action"("authorityId", "updatedAt");
CREATE INDEX "Action_authorityId_lastUpdateAt_idx" ON "Action"("authorityId", "lastUpdateAt");
CREATE INDEX "Action_authorityId_dueDate_idx" ON "Action"("authorityId", "dueDate");
CREATE INDEX "Action_ownerId_dueDate_idx" ON "Action"("ownerId", "dueDate");
CREATE TABLE "new_ActionUpdate" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "authorityId" TEXT NOT NULL,
    "actionId" TEXT NOT NULL,
    "authorId" TEXT,
    "kind" TEXT NOT NULL DEFAULT 'update',
    "body" TEXT NOT NULL,
    "progress" INTEGER,
    "rag" TEXT,
    "ragReason" TEXT,
    "status" TEXT,
    "oldDueDate" DATETIME,
    "newDueDate" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "boardDecisionId" TEXT,
    CONSTRAINT "ActionUpdate_authorityId_fkey" FOREIGN KEY ("authorityId") REFERENCES "Authority" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ActionUpdate_actionId_fkey" FOREIGN KEY ("actionId") REFERENCES "Action" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ActionUpdate_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "ActionUpdate_boardDecisionId_fkey" FOREIGN KEY ("boardDecisionId") REFERENCES "BoardDecision" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_ActionUpdate" ("actionId", "authorId", "authorityId", "body", "createdAt", "id", "kind", "newDueDate", "oldDueDate", "progress", "rag", "ragReason", "status", "updatedAt") SELECT "actionId", "authorId", "authorityId", "body", "createdAt", "id", "kind", "newDueDate", "oldDueDate", "progress", "rag", "ragReason", "status", "updatedAt" FROM "ActionUpdate";
DROP TABLE "ActionUpdate";
ALTER TABLE "new_ActionUpdate" RENAME TO "ActionUpdate";
CREATE INDEX "ActionUpdate_actionId_createdAt_idx" ON "ActionUpdate"("actionId", "createdAt");
CREATE TABLE "new_Meeting" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "authorityId" TEXT NOT NULL,
    "boardId" TEXT NOT NULL,
    "scheduledAt" DATETIME NOT NULL,
    "location" TEXT NOT NULL DEFAULT '',
    "status" TEXT NOT NULL DEFAULT 'planned',
    "version" INTEGER NOT NULL DEFAULT 1,
    "agendaPublishedAt" DATETIME,
    "heldAt" DATETIME,
    "minutesApprovedAt" DATETIME,
    "approvedAtMeetingId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Meeting_authorityId_fkey" FOREIGN KEY ("authorityId") REFERENCES "Authority" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Meeting_boardId_fkey" FOREIGN KEY ("boardId") REFERENCES "Board" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_Meeting" ("authorityId", "boardId", "createdAt", "id", "location", "scheduledAt", "status", "updatedAt") SELECT "authorityId", "boardId", "createdAt", "id", "location", "scheduledAt", "status", "updatedAt" FROM "Meeting";
DROP TABLE "Meeting";
ALTER TABLE "new_Meeting" RENAME TO "Meeting";
CREATE INDEX "Meeting_boardId_scheduledAt_idx" ON "Meeting"("boardId", "scheduledAt");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE UNIQUE INDEX "MeetingAttendance_meetingId_userId_key" ON "MeetingAttendance"("meetingId", "userId");

-- CreateIndex
CREATE INDEX "AgendaItem_meetingId_position_idx" ON "AgendaItem"("meetingId", "position");

-- CreateIndex
CREATE UNIQUE INDEX "AgendaItem_meetingId_actionId_key" ON "AgendaItem"("meetingId", "actionId");

-- CreateIndex
CREATE UNIQUE INDEX "BoardDecision_agendaItemId_key" ON "BoardDecision"("agendaItemId");

-- CreateIndex
CREATE INDEX "BoardDecision_actionId_createdAt_idx" ON "BoardDecision"("actionId", "createdAt");
