-- AlterTable
ALTER TABLE "Invitation" ADD COLUMN "emailTokenHash" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "Invitation_emailTokenHash_key" ON "Invitation"("emailTokenHash");
