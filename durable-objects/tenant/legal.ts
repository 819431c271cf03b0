import { type Outcome, toOutcome } from '../../lib/errors';
import { type Caller, type Need, requireModule } from './access';
import type { TenantPort } from './port';

/** The company as the marketplace's client actor is told it (durable-objects/legal/client/enterprise.ts). */
export interface LegalCompany {
  tenantId: string;
  code: string;
  name: string;
  timeZone: string;
}

/**
 * The company's door to the legal marketplace (SPEC D11): its batches, allowance and analytics live in
 * the marketplace client actor named by the company, so here is only the check that the caller is an
 * active member and the company's plan includes the `legal` module, answering who the company is.
 */
export class TenantLegal {
  constructor(private readonly port: TenantPort) {}

  /** `admin` for what only the company's administrators may do (buying a package). */
  company(caller: Caller, need: Need = 'member'): Outcome<LegalCompany> {
    return toOutcome(() => {
      const profile = this.port.access(caller, need);
      // Platform admins pass the access check's module rule; the marketplace is still only the plan's.
      requireModule(this.port.plan(profile).modules, 'legal', profile.plan);
      return {
        tenantId: profile.tenantId,
        code: profile.code,
        name: profile.name,
        timeZone: profile.timezone,
      };
    });
  }
}
