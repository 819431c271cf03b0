CREATE TABLE `ai_credit_ledger` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` integer NOT NULL,
	`month` text NOT NULL,
	`credits` integer NOT NULL,
	`used_after` integer NOT NULL,
	`purpose` text NOT NULL,
	`case_id` text
);
--> statement-breakpoint
CREATE INDEX `ai_credit_ledger_at` ON `ai_credit_ledger` (`at`);--> statement-breakpoint
CREATE TABLE `lawyer_api_keys` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`key_hash` text NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`revoked_at` integer,
	`last_used_at` integer
);
--> statement-breakpoint
CREATE TABLE `referrals_rewarded` (
	`referred_id` text PRIMARY KEY NOT NULL,
	`at` integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE `lawyer_cases` ADD `complaint` text;--> statement-breakpoint
ALTER TABLE `lawyer_cases` ADD `complained_at` integer;--> statement-breakpoint
ALTER TABLE `lawyer_state` ADD `report_header` text;--> statement-breakpoint
ALTER TABLE `lawyer_state` ADD `referred_by` text;--> statement-breakpoint
ALTER TABLE `lawyer_state` ADD `online_day` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `lawyer_state` ADD `online_ms` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `lawyer_state` ADD `online_hours_awarded` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `lawyer_state` ADD `last_heartbeat_at` integer;