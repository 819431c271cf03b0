CREATE TABLE `case_allowance_use` (
	`month` text PRIMARY KEY NOT NULL,
	`used` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `collection_lawyers` (
	`month` text NOT NULL,
	`lawyer_id` text NOT NULL,
	PRIMARY KEY(`month`, `lawyer_id`)
);
--> statement-breakpoint
CREATE TABLE `collection_stats` (
	`month` text PRIMARY KEY NOT NULL,
	`cases` integer DEFAULT 0 NOT NULL,
	`owed_fen` integer DEFAULT 0 NOT NULL,
	`responded` integer DEFAULT 0 NOT NULL,
	`response_ms_total` integer DEFAULT 0 NOT NULL,
	`completed` integer DEFAULT 0 NOT NULL,
	`recovered` integer DEFAULT 0 NOT NULL,
	`recovered_fen` integer DEFAULT 0 NOT NULL,
	`lawyers` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE `enterprise` (
	`id` integer PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`code` text NOT NULL,
	`time_zone` text NOT NULL,
	`package` text,
	`package_set_at` integer,
	`package_set_by` text
);
--> statement-breakpoint
ALTER TABLE `batch_cases` ADD `handed_at` integer;--> statement-breakpoint
ALTER TABLE `batches` ADD `month` text;