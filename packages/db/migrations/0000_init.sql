CREATE TABLE "directories" (
	"id" text PRIMARY KEY NOT NULL,
	"organization_id" text NOT NULL,
	"name" text NOT NULL,
	"type" text NOT NULL,
	"state" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "directory_group_memberships" (
	"group_id" text NOT NULL,
	"user_id" text NOT NULL,
	"directory_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "directory_group_memberships_group_id_user_id_pk" PRIMARY KEY("group_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "directory_groups" (
	"id" text PRIMARY KEY NOT NULL,
	"directory_id" text NOT NULL,
	"organization_id" text NOT NULL,
	"idp_id" text NOT NULL,
	"external_id" text,
	"name" text NOT NULL,
	"raw_attributes" jsonb NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "directory_tokens" (
	"id" text PRIMARY KEY NOT NULL,
	"directory_id" text NOT NULL,
	"token_hash" text NOT NULL,
	"prefix" text NOT NULL,
	"last_used_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "directory_users" (
	"id" text PRIMARY KEY NOT NULL,
	"directory_id" text NOT NULL,
	"organization_id" text NOT NULL,
	"idp_id" text NOT NULL,
	"external_id" text,
	"username" text NOT NULL,
	"email" text,
	"first_name" text,
	"last_name" text,
	"state" text NOT NULL,
	"custom_attributes" jsonb NOT NULL,
	"raw_attributes" jsonb NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "events" (
	"id" text PRIMARY KEY NOT NULL,
	"seq" bigint GENERATED ALWAYS AS IDENTITY (sequence name "events_seq_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"txid" "xid8" DEFAULT pg_current_xact_id() NOT NULL,
	"organization_id" text,
	"directory_id" text,
	"event" text NOT NULL,
	"data" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "organizations" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"external_id" text,
	"domains" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "directories" ADD CONSTRAINT "directories_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "directory_group_memberships" ADD CONSTRAINT "directory_group_memberships_group_id_directory_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."directory_groups"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "directory_group_memberships" ADD CONSTRAINT "directory_group_memberships_user_id_directory_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."directory_users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "directory_groups" ADD CONSTRAINT "directory_groups_directory_id_directories_id_fk" FOREIGN KEY ("directory_id") REFERENCES "public"."directories"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "directory_tokens" ADD CONSTRAINT "directory_tokens_directory_id_directories_id_fk" FOREIGN KEY ("directory_id") REFERENCES "public"."directories"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "directory_users" ADD CONSTRAINT "directory_users_directory_id_directories_id_fk" FOREIGN KEY ("directory_id") REFERENCES "public"."directories"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "directories_organization_id_idx" ON "directories" USING btree ("organization_id","id");--> statement-breakpoint
CREATE INDEX "directory_group_memberships_user_id_idx" ON "directory_group_memberships" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "directory_groups_external_id_key" ON "directory_groups" USING btree ("directory_id","external_id");--> statement-breakpoint
CREATE INDEX "directory_groups_name_idx" ON "directory_groups" USING btree ("directory_id",lower("name"));--> statement-breakpoint
CREATE INDEX "directory_groups_directory_id_id_idx" ON "directory_groups" USING btree ("directory_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "directory_tokens_token_hash_key" ON "directory_tokens" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "directory_tokens_directory_id_idx" ON "directory_tokens" USING btree ("directory_id");--> statement-breakpoint
CREATE UNIQUE INDEX "directory_users_username_key" ON "directory_users" USING btree ("directory_id",lower("username"));--> statement-breakpoint
CREATE UNIQUE INDEX "directory_users_external_id_key" ON "directory_users" USING btree ("directory_id","external_id");--> statement-breakpoint
CREATE INDEX "directory_users_username_pattern_idx" ON "directory_users" USING btree ("directory_id",lower("username") text_pattern_ops);--> statement-breakpoint
CREATE INDEX "directory_users_directory_id_id_idx" ON "directory_users" USING btree ("directory_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "events_position_key" ON "events" USING btree ("txid","seq");--> statement-breakpoint
CREATE INDEX "events_organization_id_idx" ON "events" USING btree ("organization_id","txid","seq");--> statement-breakpoint
CREATE INDEX "events_created_at_idx" ON "events" USING btree ("created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "organizations_external_id_key" ON "organizations" USING btree ("external_id");