-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Authority" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "onsCode" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "reminderDays" TEXT NOT NULL DEFAULT '14,7,1',
    "chaserDays" INTEGER NOT NULL DEFAULT 30,
    "digestDays" INTEGER NOT NULL DEFAULT 3,
    "meetingChaserDays" INTEGER NOT NULL DEFAULT 7
);
INSERT INTO "new_Authority" ("chaserDays", "createdAt", "digestDays", "id", "name", "onsCode", "reminderDays", "slug", "updatedAt") SELECT "chaserDays", "createdAt", "digestDays", "id", "name", "onsCode", "reminderDays", "slug", "updatedAt" FROM "Authority";
DROP TABLE "Authority";
ALTER TABLE "new_Authority" RENAME TO "Authority";
CREATE UNIQUE INDEX "Authority_onsCode_key" ON "Authority"("onsCode");
CREATE UNIQUE INDEX "Authority_slug_key" ON "Authority"("slug");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
