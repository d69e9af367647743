-- AlterTable
ALTER TABLE "Authority" ADD COLUMN     "meetingChaserDays" INTEGER NOT NULL DEFAULT 7;
