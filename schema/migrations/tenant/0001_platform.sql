CREATE TABLE `api_keys` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`created_by` text NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`revoked_at` integer,
	`last_used_at` integer
);
--> statement-breakpoint
CREATE TABLE `basic_data` (
	`kind` text NOT NULL,
	`name` text NOT NULL,
	`position` integer NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`kind`, `name`)
);
--> statement-breakpoint
CREATE TABLE `invoice_replica` (
	`id` text PRIMARY KEY NOT NULL,
	`number` text NOT NULL,
	`period` text NOT NULL,
	`status` text NOT NULL,
	`total_fen` integer NOT NULL,
	`invoice_date` integer NOT NULL,
	`due_at` integer NOT NULL,
	`paid_at` integer,
	`lines` text NOT NULL,
	`version` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `invoice_replica_date` ON `invoice_replica` (`invoice_date`);--> statement-breakpoint
CREATE TABLE `quota_usage` (
	`metric` text PRIMARY KEY NOT NULL,
	`used` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `tenant_plan` (
	`id` integer PRIMARY KEY NOT NULL,
	`plan_code` text NOT NULL,
	`quotas` text NOT NULL,
	`modules` text NOT NULL,
	`allow_overage` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `usage_counters` (
	`month` text NOT NULL,
	`metric` text NOT NULL,
	`value` integer NOT NULL,
	PRIMARY KEY(`month`, `metric`)
);
