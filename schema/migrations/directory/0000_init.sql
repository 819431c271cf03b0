CREATE TABLE `admins` (
	`id` text PRIMARY KEY NOT NULL,
	`username` text NOT NULL,
	`password_hash` text,
	`role` text NOT NULL,
	`name` text,
	`email` text,
	`updated_at` integer,
	`status` text DEFAULT 'active' NOT NULL,
	`last_login_at` integer,
	`last_login_ip` text,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `admins_username_unique` ON `admins` (`username`);--> statement-breakpoint
CREATE TABLE `crm_tenants` (
	`tenant_id` text PRIMARY KEY NOT NULL,
	`code` text NOT NULL,
	`since` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `login_throttle` (
	`subject` text PRIMARY KEY NOT NULL,
	`failures` integer NOT NULL,
	`window_started_at` integer NOT NULL,
	`locked_until` integer
);
--> statement-breakpoint
CREATE TABLE `memberships` (
	`user_id` text NOT NULL,
	`tenant_id` text NOT NULL,
	`role` text NOT NULL,
	`is_primary` integer DEFAULT false NOT NULL,
	`status` text NOT NULL,
	`disabled_at` integer,
	`version` integer NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`user_id`, `tenant_id`)
);
--> statement-breakpoint
CREATE INDEX `memberships_tenant` ON `memberships` (`tenant_id`);--> statement-breakpoint
CREATE TABLE `operation_log` (
	`id` text PRIMARY KEY NOT NULL,
	`admin_id` text NOT NULL,
	`admin_username` text NOT NULL,
	`tenant_id` text,
	`action` text NOT NULL,
	`detail` text,
	`ip` text,
	`user_agent` text,
	`at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `operation_log_at` ON `operation_log` (`at`);--> statement-breakpoint
CREATE TABLE `task_runs` (
	`run_id` text PRIMARY KEY NOT NULL,
	`task` text NOT NULL,
	`trigger` text NOT NULL,
	`scheduled_for` integer,
	`started_at` integer NOT NULL,
	`ended_at` integer,
	`duration_ms` integer,
	`status` text NOT NULL,
	`result` text,
	`error` text
);
--> statement-breakpoint
CREATE INDEX `task_runs_task_started` ON `task_runs` (`task`,`started_at`);--> statement-breakpoint
CREATE INDEX `task_runs_started` ON `task_runs` (`started_at`);--> statement-breakpoint
CREATE TABLE `task_state` (
	`name` text PRIMARY KEY NOT NULL,
	`next_run_at` integer NOT NULL,
	`running_run_id` text,
	`lease_until` integer,
	`last_run_id` text
);
--> statement-breakpoint
CREATE TABLE `tenants` (
	`id` text PRIMARY KEY NOT NULL,
	`code` text NOT NULL,
	`name` text NOT NULL,
	`short_name` text,
	`credit_code` text,
	`contact_name` text,
	`contact_phone` text,
	`contact_email` text,
	`address` text,
	`industry` text,
	`region` text,
	`size` text,
	`employee_count` integer,
	`plan` text NOT NULL,
	`subscription_status` text NOT NULL,
	`trial_ends_at` integer,
	`service_start_at` integer,
	`service_end_at` integer,
	`billing_cycle` text NOT NULL,
	`onboarding_status` text NOT NULL,
	`timezone` text NOT NULL,
	`admin_user_id` text,
	`discount_percent` integer DEFAULT 0 NOT NULL,
	`suspended_at` integer,
	`usage_users` integer DEFAULT 0 NOT NULL,
	`usage_customers` integer DEFAULT 0 NOT NULL,
	`usage_storage_bytes` integer DEFAULT 0 NOT NULL,
	`usage_api_calls` integer DEFAULT 0 NOT NULL,
	`usage_month` text,
	`usage_reported_at` integer,
	`version` integer NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`deleted_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `tenants_code_unique` ON `tenants` (`code`);--> statement-breakpoint
CREATE INDEX `tenants_created` ON `tenants` (`created_at`);--> statement-breakpoint
CREATE INDEX `tenants_status` ON `tenants` (`subscription_status`);--> statement-breakpoint
CREATE INDEX `tenants_plan` ON `tenants` (`plan`);--> statement-breakpoint
CREATE TABLE `users` (
	`id` text PRIMARY KEY NOT NULL,
	`uuid` text NOT NULL,
	`username` text NOT NULL,
	`email` text NOT NULL,
	`name` text NOT NULL,
	`password_hash` text NOT NULL,
	`status` text DEFAULT 'active' NOT NULL,
	`primary_tenant_id` text,
	`current_tenant_id` text,
	`last_login_at` integer,
	`last_login_tenant_id` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `users_uuid_unique` ON `users` (`uuid`);--> statement-breakpoint
CREATE UNIQUE INDEX `users_username_unique` ON `users` (`username`);--> statement-breakpoint
CREATE UNIQUE INDEX `users_email_unique` ON `users` (`email`);--> statement-breakpoint
CREATE INDEX `users_created` ON `users` (`created_at`);--> statement-breakpoint
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
CREATE TABLE `device_nodes` (
	`node_id` text PRIMARY KEY NOT NULL,
	`region` text,
	`total_devices` integer NOT NULL,
	`available_devices` integer NOT NULL,
	`allocated_devices` integer NOT NULL,
	`maintenance_devices` integer NOT NULL,
	`max_free_cpu_cores` integer NOT NULL,
	`max_free_memory_mb` integer NOT NULL,
	`version` integer NOT NULL,
	`registered_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `device_nodes_registered` ON `device_nodes` (`registered_at`);