-- AlterTable
ALTER TABLE "EvidenceVersion" ADD COLUMN "previewNote" TEXT;
ALTER TABLE "EvidenceVersion" ADD COLUMN "previewPages" INTEGER;
ALTER TABLE "EvidenceVersion" ADD COLUMN "previewStatus" TEXT;
ALTER TABLE "EvidenceVersion" ADD COLUMN "previewText" TEXT;
