import journal from './meta/_journal.json';
import m0000 from './0000_init.sql';
import m0001 from './0001_members-joined.sql';
import m0002 from './0002_members-joined-iso.sql';
import m0003 from './0003_members-joined-iso-backfill.sql';
import m0004 from './0004_status-history-params.sql';
import m0005 from './0005_cards.sql';
import m0006 from './0006_wallet-holds.sql';
import m0007 from './0007_device-extension-notices.sql';

  export default {
    journal,
    migrations: {
      m0000,
m0001,
m0002,
m0003,
m0004,
m0005,
m0006,
m0007
    }
  }
  