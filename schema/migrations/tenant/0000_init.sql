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
--> statement-breakpoint
CREATE TABLE `billing_rates` (
	`id` integer PRIMARY KEY NOT NULL,
	`core_hour_milli_fen` integer NOT NULL,
	`memory_gb_hour_milli_fen` integer NOT NULL,
	`storage_gb_hour_milli_fen` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`updated_by` text
);
--> statement-breakpoint
CREATE TABLE `device_allocations` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`status` text NOT NULL,
	`strategy` text NOT NULL,
	`duration_minutes` integer NOT NULL,
	`node_id` text,
	`device_id` text,
	`cpu_cores` integer,
	`memory_mb` integer,
	`storage_mb` integer,
	`allocated_at` integer,
	`expires_at` integer,
	`released_at` integer,
	`duration_seconds` integer,
	`charge_fen` integer,
	`failure` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `device_allocations_status` ON `device_allocations` (`status`);--> statement-breakpoint
CREATE INDEX `device_allocations_user` ON `device_allocations` (`user_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `device_allocations_device` ON `device_allocations` (`device_id`,`status`);--> statement-breakpoint
CREATE INDEX `device_allocations_created` ON `device_allocations` (`created_at`);--> statement-breakpoint
CREATE TABLE `usage_records` (
	`id` text PRIMARY KEY NOT NULL,
	`allocation_id` text NOT NULL,
	`device_id` text NOT NULL,
	`node_id` text,
	`user_id` text NOT NULL,
	`duration_seconds` integer NOT NULL,
	`cpu_cores` integer NOT NULL,
	`memory_mb` integer NOT NULL,
	`storage_mb` integer NOT NULL,
	`allocated_at` integer NOT NULL,
	`released_at` integer NOT NULL,
	`charge_fen` integer NOT NULL,
	`core_hour_milli_fen` integer NOT NULL,
	`memory_gb_hour_milli_fen` integer NOT NULL,
	`storage_gb_hour_milli_fen` integer NOT NULL,
	`recorded_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `usage_records_allocation_id_unique` ON `usage_records` (`allocation_id`);--> statement-breakpoint
CREATE INDEX `usage_records_user` ON `usage_records` (`user_id`,`recorded_at`);--> statement-breakpoint
CREATE INDEX `usage_records_recorded` ON `usage_records` (`recorded_at`);--> statement-breakpoint
CREATE TABLE `wallet_entries` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`kind` text NOT NULL,
	`amount_fen` integer NOT NULL,
	`balance_after_fen` integer NOT NULL,
	`allocation_id` text,
	`reference` text,
	`actor_id` text,
	`at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `wallet_entries_allocation_id_unique` ON `wallet_entries` (`allocation_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `wallet_entries_reference_unique` ON `wallet_entries` (`reference`);--> statement-breakpoint
CREATE INDEX `wallet_entries_user` ON `wallet_entries` (`user_id`,`at`);--> statement-breakpoint
CREATE TABLE `wallets` (
	`user_id` text PRIMARY KEY NOT NULL,
	`balance_fen` integer NOT NULL,
	`top_up_total_fen` integer NOT NULL,
	`charged_total_fen` integer NOT NULL,
	`charge_count` integer NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
