CREATE TABLE `alerts` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`key` text NOT NULL,
	`kind` text NOT NULL,
	`detail` text,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `alerts_tenant_key` ON `alerts` (`tenant_id`,`key`);--> statement-breakpoint
CREATE INDEX `alerts_created` ON `alerts` (`created_at`);--> statement-breakpoint
CREATE TABLE `counters` (
	`name` text PRIMARY KEY NOT NULL,
	`value` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `invoices` (
	`id` text PRIMARY KEY NOT NULL,
	`number` text NOT NULL,
	`tenant_id` text NOT NULL,
	`period` text NOT NULL,
	`period_start` integer NOT NULL,
	`period_end` integer NOT NULL,
	`invoice_date` integer NOT NULL,
	`due_at` integer NOT NULL,
	`plan_code` text NOT NULL,
	`billing_cycle` text NOT NULL,
	`base_fen` integer NOT NULL,
	`extra_users` integer NOT NULL,
	`extra_users_fen` integer NOT NULL,
	`extra_storage_gb` integer NOT NULL,
	`extra_storage_fen` integer NOT NULL,
	`api_overage_calls` integer NOT NULL,
	`api_overage_fen` integer NOT NULL,
	`discount_percent` integer NOT NULL,
	`discount_fen` integer NOT NULL,
	`total_fen` integer NOT NULL,
	`lines` text NOT NULL,
	`status` text NOT NULL,
	`overdue_at` integer,
	`paid_at` integer,
	`payment_method` text,
	`payment_reference` text,
	`cancelled_at` integer,
	`notes` text,
	`version` integer NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `invoices_number_unique` ON `invoices` (`number`);--> statement-breakpoint
CREATE UNIQUE INDEX `invoices_tenant_period` ON `invoices` (`tenant_id`,`period`);--> statement-breakpoint
CREATE INDEX `invoices_status_due` ON `invoices` (`status`,`due_at`);--> statement-breakpoint
CREATE INDEX `invoices_date` ON `invoices` (`invoice_date`);--> statement-breakpoint
CREATE INDEX `invoices_paid` ON `invoices` (`paid_at`);--> statement-breakpoint
CREATE TABLE `mail` (
	`id` text PRIMARY KEY NOT NULL,
	`to` text NOT NULL,
	`subject` text NOT NULL,
	`text` text NOT NULL,
	`kind` text NOT NULL,
	`tenant_id` text,
	`user_id` text,
	`status` text NOT NULL,
	`provider` text,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer NOT NULL,
	`last_error` text,
	`created_at` integer NOT NULL,
	`sent_at` integer
);
--> statement-breakpoint
CREATE INDEX `mail_queue` ON `mail` (`status`,`next_attempt_at`);--> statement-breakpoint
CREATE INDEX `mail_created` ON `mail` (`created_at`);--> statement-breakpoint
CREATE TABLE `oauth_bindings` (
	`provider` text NOT NULL,
	`open_id` text NOT NULL,
	`union_id` text,
	`user_id` text NOT NULL,
	`nickname` text,
	`avatar_url` text,
	`created_at` integer NOT NULL,
	`last_login_at` integer,
	PRIMARY KEY(`provider`, `open_id`)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `oauth_bindings_user_provider` ON `oauth_bindings` (`user_id`,`provider`);--> statement-breakpoint
CREATE TABLE `oauth_states` (
	`state_hash` text PRIMARY KEY NOT NULL,
	`provider` text NOT NULL,
	`mode` text NOT NULL,
	`user_id` text,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`used_at` integer
);
--> statement-breakpoint
CREATE TABLE `oauth_tickets` (
	`ticket_hash` text PRIMARY KEY NOT NULL,
	`provider` text NOT NULL,
	`open_id` text NOT NULL,
	`union_id` text,
	`nickname` text,
	`avatar_url` text,
	`email` text,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`used_at` integer
);
--> statement-breakpoint
CREATE TABLE `onboarding_tokens` (
	`token_hash` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`created_by` text NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`admin_user_id` text,
	`basic_data_at` integer,
	`used_at` integer,
	`revoked_at` integer
);
--> statement-breakpoint
CREATE INDEX `onboarding_tokens_tenant` ON `onboarding_tokens` (`tenant_id`);--> statement-breakpoint
CREATE TABLE `plans` (
	`code` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`description` text,
	`sort_order` integer NOT NULL,
	`quotas` text NOT NULL,
	`modules` text NOT NULL,
	`price_monthly_fen` integer NOT NULL,
	`price_quarterly_fen` integer NOT NULL,
	`price_yearly_fen` integer NOT NULL,
	`extra_user_fen` integer NOT NULL,
	`extra_storage_gb_fen` integer NOT NULL,
	`api_call_fen` integer NOT NULL,
	`allow_overage` integer NOT NULL,
	`trial_days` integer,
	`active` integer NOT NULL,
	`version` integer NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `system_config` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL,
	`updated_at` integer NOT NULL,
	`updated_by` text
);
--> statement-breakpoint
CREATE TABLE `usage_monthly` (
	`tenant_id` text NOT NULL,
	`month` text NOT NULL,
	`api_calls` integer NOT NULL,
	`requests` integer NOT NULL,
	PRIMARY KEY(`tenant_id`, `month`)
);
--> statement-breakpoint
CREATE INDEX `usage_monthly_month` ON `usage_monthly` (`month`);--> statement-breakpoint
ALTER TABLE `admins` ADD `name` text;--> statement-breakpoint
ALTER TABLE `admins` ADD `email` text;--> statement-breakpoint
ALTER TABLE `admins` ADD `updated_at` integer;--> statement-breakpoint
ALTER TABLE `tenants` ADD `admin_user_id` text;--> statement-breakpoint
ALTER TABLE `tenants` ADD `discount_percent` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `tenants` ADD `suspended_at` integer;--> statement-breakpoint
ALTER TABLE `tenants` ADD `usage_users` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `tenants` ADD `usage_customers` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `tenants` ADD `usage_storage_bytes` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `tenants` ADD `usage_api_calls` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `tenants` ADD `usage_month` text;--> statement-breakpoint
ALTER TABLE `tenants` ADD `usage_reported_at` integer;--> statement-breakpoint
CREATE INDEX `tenants_plan` ON `tenants` (`plan`);