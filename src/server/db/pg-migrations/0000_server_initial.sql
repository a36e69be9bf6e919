CREATE TABLE "enrollment_codes" (
	"code_hash" text PRIMARY KEY NOT NULL,
	"site_id" text NOT NULL,
	"role" text NOT NULL,
	"created_at" text NOT NULL,
	"expires_at" text NOT NULL,
	"claimed_at" text,
	"station_id" text
);
--> statement-breakpoint
CREATE TABLE "entities" (
	"kind" text NOT NULL,
	"entity_id" text NOT NULL,
	"site_id" text,
	"state" json NOT NULL,
	"version" bigint NOT NULL,
	CONSTRAINT "entities_kind_entity_id_pk" PRIMARY KEY("kind","entity_id")
);
--> statement-breakpoint
CREATE TABLE "ops" (
	"server_seq" bigint PRIMARY KEY NOT NULL,
	"op_id" text NOT NULL,
	"station_id" text NOT NULL,
	"station_seq" bigint NOT NULL,
	"type" text NOT NULL,
	"entity_id" text NOT NULL,
	"site_id" text,
	"payload" json NOT NULL,
	"occurred_at" text NOT NULL,
	"schema_version" bigint NOT NULL,
	"received_at" text NOT NULL,
	"applied" boolean NOT NULL
);
--> statement-breakpoint
CREATE TABLE "rejected_ops" (
	"station_id" text NOT NULL,
	"station_seq" bigint NOT NULL,
	"op_id" text NOT NULL,
	"reason" text NOT NULL,
	"message" text NOT NULL,
	"op" json NOT NULL,
	"received_at" text NOT NULL,
	CONSTRAINT "rejected_ops_station_id_station_seq_pk" PRIMARY KEY("station_id","station_seq")
);
--> statement-breakpoint
CREATE TABLE "sites" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"timezone" text NOT NULL,
	"default_language" text DEFAULT 'en' NOT NULL,
	"created_at" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "station_health" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"station_id" text NOT NULL,
	"reported_at" text NOT NULL,
	"health" json NOT NULL
);
--> statement-breakpoint
CREATE TABLE "stations" (
	"id" text PRIMARY KEY NOT NULL,
	"site_id" text NOT NULL,
	"role" text NOT NULL,
	"name" text NOT NULL,
	"credential_hash" text NOT NULL,
	"public_key" text,
	"key_id" text,
	"created_at" text NOT NULL,
	"revoked_at" text,
	"last_seen_at" text
);
--> statement-breakpoint
ALTER TABLE "enrollment_codes" ADD CONSTRAINT "enrollment_codes_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "station_health" ADD CONSTRAINT "station_health_station_id_stations_id_fk" FOREIGN KEY ("station_id") REFERENCES "public"."stations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stations" ADD CONSTRAINT "stations_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "entities_site" ON "entities" USING btree ("site_id");--> statement-breakpoint
CREATE UNIQUE INDEX "ops_station_seq" ON "ops" USING btree ("station_id","station_seq");--> statement-breakpoint
CREATE UNIQUE INDEX "ops_op_id" ON "ops" USING btree ("op_id");--> statement-breakpoint
CREATE INDEX "ops_site_seq" ON "ops" USING btree ("site_id","server_seq");--> statement-breakpoint
CREATE INDEX "station_health_station" ON "station_health" USING btree ("station_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "stations_credential" ON "stations" USING btree ("credential_hash");