-- AlterTable
ALTER TABLE "EvidenceVersion" ADD COLUMN     "previewNote" TEXT,
ADD COLUMN     "previewPages" INTEGER,
ADD COLUMN     "previewStatus" TEXT,
ADD COLUMN     "previewText" TEXT;
