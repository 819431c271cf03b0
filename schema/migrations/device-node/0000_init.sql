CREATE TABLE `allocation_tombstones` (
	`id` text PRIMARY KEY NOT NULL,
	`at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `allocations` (
	`id` text PRIMARY KEY NOT NULL,
	`device_id` text NOT NULL,
	`tenant_code` text NOT NULL,
	`tenant_id` text NOT NULL,
	`user_id` text NOT NULL,
	`status` text NOT NULL,
	`strategy` text NOT NULL,
	`cpu_cores` integer NOT NULL,
	`memory_mb` integer NOT NULL,
	`storage_mb` integer NOT NULL,
	`allocated_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`released_at` integer,
	`duration_seconds` integer,
	`reconciled_at` integer
);
--> statement-breakpoint
CREATE INDEX `allocations_status_expires` ON `allocations` (`status`,`expires_at`);--> statement-breakpoint
CREATE INDEX `allocations_released` ON `allocations` (`status`,`reconciled_at`);--> statement-breakpoint
CREATE UNIQUE INDEX `allocations_active_device` ON `allocations` (`device_id`) WHERE status = 'active';--> statement-breakpoint
CREATE TABLE `device_events` (
	`id` text PRIMARY KEY NOT NULL,
	`type` text NOT NULL,
	`allocation_id` text,
	`device_id` text,
	`detail` text,
	`at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `device_events_at` ON `device_events` (`at`);--> statement-breakpoint
CREATE TABLE `devices` (
	`id` text PRIMARY KEY NOT NULL,
	`cpu_cores` integer NOT NULL,
	`memory_mb` integer NOT NULL,
	`storage_mb` integer NOT NULL,
	`status` text NOT NULL,
	`allocation_id` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `devices_free` ON `devices` (`status`,`cpu_cores`,`memory_mb`,`storage_mb`);--> statement-breakpoint
CREATE TABLE `meters` (
	`name` text NOT NULL,
	`labels` text NOT NULL,
	`value` real NOT NULL,
	PRIMARY KEY(`name`, `labels`)
);
--> statement-breakpoint
CREATE TABLE `node` (
	`id` integer PRIMARY KEY NOT NULL,
	`node_id` text NOT NULL,
	`region` text,
	`created_at` integer NOT NULL,
	`capacity_version` integer DEFAULT 0 NOT NULL,
	`breaker_state` text
);
--> statement-breakpoint
CREATE TABLE `usage_reports` (
	`id` text PRIMARY KEY NOT NULL,
	`allocation_id` text NOT NULL,
	`tenant_code` text NOT NULL,
	`user_id` text NOT NULL,
	`record` text NOT NULL,
	`status` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer NOT NULL,
	`last_error` text,
	`charge_fen` integer,
	`delivered_via` text,
	`created_at` integer NOT NULL,
	`delivered_at` integer,
	`dead_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `usage_reports_allocation_id_unique` ON `usage_reports` (`allocation_id`);--> statement-breakpoint
CREATE INDEX `usage_reports_due` ON `usage_reports` (`status`,`next_attempt_at`);--> statement-breakpoint
CREATE INDEX `usage_reports_created` ON `usage_reports` (`created_at`);--> statement-breakpoint
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
CREATE INDEX `_outbox_pending` ON `_outbox` (`status`,`next_attempt_at`);