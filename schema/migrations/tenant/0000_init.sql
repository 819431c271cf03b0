CREATE TABLE `audit_log` (
	`id` text PRIMARY KEY NOT NULL,
	`actor_id` text NOT NULL,
	`action` text NOT NULL,
	`detail` text,
	`at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `audit_log_at` ON `audit_log` (`at`);--> statement-breakpoint
CREATE TABLE `members` (
	`user_id` text PRIMARY KEY NOT NULL,
	`username` text NOT NULL,
	`role` text NOT NULL,
	`status` text NOT NULL,
	`is_primary` integer NOT NULL,
	`version` integer NOT NULL,
	`joined_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `members_username` ON `members` (`username`);--> statement-breakpoint
CREATE TABLE `profile` (
	`id` integer PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`code` text NOT NULL,
	`name` text NOT NULL,
	`plan` text NOT NULL,
	`subscription_status` text NOT NULL,
	`timezone` text NOT NULL,
	`crm_auto_status_sync` integer DEFAULT true NOT NULL,
	`directory_version` integer NOT NULL,
	`deleted_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `_inbox` (
	`idempotency_key` text PRIMARY KEY NOT NULL,
	`type` text NOT NULL,
	`received_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `_jobs` (
	`kind` text NOT NULL,
	`key` text NOT NULL,
	`due_at` integer NOT NULL,
	`payload` text,
	`attempts` integer DEFAULT 0 NOT NULL,
	`seq` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`kind`, `key`)
);
--> statement-breakpoint
CREATE INDEX `_jobs_due` ON `_jobs` (`due_at`);--> statement-breakpoint
CREATE TABLE `_outbox` (
	`id` text PRIMARY KEY NOT NULL,
	`idempotency_key` text NOT NULL,
	`channel` text NOT NULL,
	`target` text NOT NULL,
	`type` text NOT NULL,
	`payload` text NOT NULL,
	`status` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer NOT NULL,
	`last_error` text,
	`created_at` integer NOT NULL,
	`delivered_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `_outbox_idempotency_key_unique` ON `_outbox` (`idempotency_key`);--> statement-breakpoint
CREATE INDEX `_outbox_pending` ON `_outbox` (`status`,`next_attempt_at`);--> statement-breakpoint
CREATE TABLE `crm_contracts` (
	`id` text PRIMARY KEY NOT NULL,
	`customer_id` text NOT NULL,
	`start_month` text NOT NULL,
	`end_month` text NOT NULL,
	`quantity_milli` integer NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`updated_by` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `crm_contracts_customer_start` ON `crm_contracts` (`customer_id`,`start_month`);--> statement-breakpoint
CREATE INDEX `crm_contracts_start` ON `crm_contracts` (`start_month`);--> statement-breakpoint
CREATE INDEX `crm_contracts_end` ON `crm_contracts` (`end_month`);--> statement-breakpoint
CREATE TABLE `crm_customers` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`status` text NOT NULL,
	`contact_name` text,
	`contact_phone` text,
	`address` text,
	`notes` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`updated_by` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `crm_customers_status_created` ON `crm_customers` (`status`,`created_at`);--> statement-breakpoint
CREATE INDEX `crm_customers_created` ON `crm_customers` (`created_at`);--> statement-breakpoint
CREATE TABLE `crm_status_history` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`customer_id` text NOT NULL,
	`old_status` text,
	`new_status` text NOT NULL,
	`change_type` text NOT NULL,
	`event` text NOT NULL,
	`reason` text NOT NULL,
	`operator` text NOT NULL,
	`at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `crm_status_history_customer` ON `crm_status_history` (`customer_id`,`seq`);--> statement-breakpoint
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
