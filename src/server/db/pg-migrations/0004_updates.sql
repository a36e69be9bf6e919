CREATE TABLE "update_history" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"at" text NOT NULL,
	"action" text NOT NULL,
	"details" json NOT NULL
);
--> statement-breakpoint
CREATE TABLE "update_pins" (
	"site_id" text PRIMARY KEY NOT NULL,
	"version" text NOT NULL,
	"pinned_at" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "update_releases" (
	"channel" text NOT NULL,
	"platform" text NOT NULL,
	"version" text NOT NULL,
	"feed" text NOT NULL,
	"signature" text NOT NULL,
	"rollout" integer NOT NULL,
	"published_at" text NOT NULL,
	"updated_at" text NOT NULL,
	CONSTRAINT "update_releases_channel_platform_version_pk" PRIMARY KEY("channel","platform","version")
);
