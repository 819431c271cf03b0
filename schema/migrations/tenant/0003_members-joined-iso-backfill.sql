-- Members replicated before joined_at_iso existed get it from joined_at (epoch ms), written as Date#toISOString does.
UPDATE `members` SET `joined_at_iso` = strftime('%Y-%m-%dT%H:%M:%fZ', `joined_at` / 1000.0, 'unixepoch') WHERE `joined_at_iso` = '';
