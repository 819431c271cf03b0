CREATE TABLE `discount_grants` (
	`tenant_id` text NOT NULL,
	`rule_code` text NOT NULL,
	`granted_at` integer NOT NULL,
	`granted_by` text NOT NULL,
	PRIMARY KEY(`tenant_id`, `rule_code`)
);
--> statement-breakpoint
CREATE TABLE `discount_rules` (
	`code` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`description` text,
	`kind` text NOT NULL,
	`percent` integer DEFAULT 0 NOT NULL,
	`months` integer DEFAULT 0 NOT NULL,
	`condition` text NOT NULL,
	`cycle` text,
	`stacks` integer NOT NULL,
	`active` integer NOT NULL,
	`version` integer NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `invoice_adjustments` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`key` text NOT NULL,
	`kind` text NOT NULL,
	`rule_code` text,
	`label` text NOT NULL,
	`amount_fen` integer NOT NULL,
	`months` integer DEFAULT 0 NOT NULL,
	`created_at` integer NOT NULL,
	`invoice_id` text,
	`applied_fen` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `invoice_adjustments_key_unique` ON `invoice_adjustments` (`key`);--> statement-breakpoint
CREATE INDEX `invoice_adjustments_waiting` ON `invoice_adjustments` (`tenant_id`,`invoice_id`);--> statement-breakpoint
CREATE TABLE `ops_incidents` (
	`id` text PRIMARY KEY NOT NULL,
	`key` text NOT NULL,
	`alert` text NOT NULL,
	`status` text NOT NULL,
	`summary_zh` text NOT NULL,
	`summary_en` text NOT NULL,
	`detail` text,
	`opened_at` integer NOT NULL,
	`resolved_at` integer
);
--> statement-breakpoint
CREATE INDEX `ops_incidents_opened` ON `ops_incidents` (`opened_at`);--> statement-breakpoint
CREATE UNIQUE INDEX `ops_incidents_one_firing` ON `ops_incidents` (`key`) WHERE status = 'firing';--> statement-breakpoint
CREATE TABLE `ops_samples` (
	`at` integer PRIMARY KEY NOT NULL,
	`billing_success` integer NOT NULL,
	`billing_failure` integer NOT NULL,
	`billing_errors` integer NOT NULL,
	`outbox_pending` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `plan_changes` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`kind` text NOT NULL,
	`from_plan` text NOT NULL,
	`from_cycle` text NOT NULL,
	`to_plan` text NOT NULL,
	`to_cycle` text NOT NULL,
	`status` text NOT NULL,
	`requested_by` text NOT NULL,
	`requested_at` integer NOT NULL,
	`effective_at` integer NOT NULL,
	`applied_at` integer,
	`cancelled_at` integer,
	`cancel_reason` text,
	`proration_fen` integer DEFAULT 0 NOT NULL,
	`proration_days` integer,
	`period_days` integer
);
--> statement-breakpoint
CREATE INDEX `plan_changes_tenant` ON `plan_changes` (`tenant_id`,`requested_at`);--> statement-breakpoint
CREATE UNIQUE INDEX `plan_changes_one_scheduled` ON `plan_changes` (`tenant_id`) WHERE status = 'scheduled';--> statement-breakpoint
ALTER TABLE `task_runs` ADD `attempt` integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE `task_runs` ADD `retry_of` text;--> statement-breakpoint
ALTER TABLE `task_state` ADD `retry_at` integer;--> statement-breakpoint
ALTER TABLE `task_state` ADD `retry_of` text;--> statement-breakpoint
ALTER TABLE `tenants` ADD `trial_days` integer;--> statement-breakpoint
ALTER TABLE `tenants` ADD `referred_by_tenant_id` text;--> statement-breakpoint
ALTER TABLE `tenants` ADD `cycle_since` integer;