ALTER TABLE `task_runs` ADD `attempt` integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE `task_runs` ADD `retry_of` text;--> statement-breakpoint
ALTER TABLE `task_state` ADD `retry_at` integer;--> statement-breakpoint
ALTER TABLE `task_state` ADD `retry_of` text;--> statement-breakpoint
ALTER TABLE `tenants` ADD `trial_days` integer;--> statement-breakpoint
ALTER TABLE `tenants` ADD `referred_by_tenant_id` text;