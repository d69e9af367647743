-- CreateTable
CREATE TABLE "LongJob" (
    "id" TEXT NOT NULL,
    "authorityId" TEXT NOT NULL,
    "requestedById" TEXT,
    "kind" TEXT NOT NULL,
    "params" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'queued',
    "done" INTEGER NOT NULL DEFAULT 0,
    "total" INTEGER NOT NULL DEFAULT 0,
    "unit" TEXT NOT NULL,
    "fileId" TEXT,
    "result" TEXT,
    "error" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "startedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "LongJob_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "LongJob_authorityId_requestedById_createdAt_idx" ON "LongJob"("authorityId", "requestedById", "createdAt");

-- CreateIndex
CREATE INDEX "LongJob_fileId_idx" ON "LongJob"("fileId");

-- AddForeignKey
ALTER TABLE "LongJob" ADD CONSTRAINT "LongJob_authorityId_fkey" FOREIGN KEY ("authorityId") REFERENCES "Authority"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LongJob" ADD CONSTRAINT "LongJob_requestedById_fkey" FOREIGN KEY ("requestedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LongJob" ADD CONSTRAINT "LongJob_fileId_fkey" FOREIGN KEY ("fileId") REFERENCES "StoredFile"("id") ON DELETE SET NULL ON UPDATE CASCADE;
