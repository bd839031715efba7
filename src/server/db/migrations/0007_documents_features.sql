ALTER TABLE "firms" ADD COLUMN "allow_zip" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "firms" ADD COLUMN "max_upload_mb" integer;--> statement-breakpoint
ALTER TABLE "client_notices" ADD COLUMN "document_id" uuid;--> statement-breakpoint
ALTER TABLE "task_questions" ADD COLUMN "due_date" date;--> statement-breakpoint
ALTER TABLE "documents" ADD COLUMN "request_id" uuid;--> statement-breakpoint
ALTER TABLE "documents" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "documents" ADD COLUMN "uploaded_by_name" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "documents" ADD COLUMN "reviewed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "documents" ADD COLUMN "reviewed_by_id" uuid;--> statement-breakpoint
ALTER TABLE "documents" ADD COLUMN "deleted_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "documents" ADD COLUMN "deleted_by_id" uuid;--> statement-breakpoint
ALTER TABLE "documents" ADD COLUMN "purged_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "documents" ADD CONSTRAINT "documents_request_id_task_questions_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."task_questions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "documents" ADD CONSTRAINT "documents_reviewed_by_id_staff_users_id_fk" FOREIGN KEY ("reviewed_by_id") REFERENCES "public"."staff_users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "documents" ADD CONSTRAINT "documents_deleted_by_id_staff_users_id_fk" FOREIGN KEY ("deleted_by_id") REFERENCES "public"."staff_users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "documents_firm_deleted_idx" ON "documents" USING btree ("firm_id","status","deleted_at");--> statement-breakpoint
CREATE UNIQUE INDEX "documents_request_version_key" ON "documents" USING btree ("firm_id","request_id","version");