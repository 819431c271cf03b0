ALTER TABLE `legal_accounts` ADD `chosen_identity` text;--> statement-breakpoint
ALTER TABLE `legal_registrations` ADD `identity_type` text;