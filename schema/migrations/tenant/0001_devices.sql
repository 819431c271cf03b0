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
