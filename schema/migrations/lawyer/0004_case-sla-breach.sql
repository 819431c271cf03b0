ALTER TABLE `lawyer_cases` ADD `sla_due_at` integer;--> statement-breakpoint
ALTER TABLE `lawyer_cases` ADD `sla_breached_at` integer;