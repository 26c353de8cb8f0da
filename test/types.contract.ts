// Compile-time contract of the generated types, checked by `tsc -p tsconfig.json` (part of npm
// test): each `@ts-expect-error` line must fail to compile, or tsc reports the directive as unused.
import type * as Flokit from '../generated/types.js';
import type * as Bare from './fixtures/valid/no-properties/expected/types.js';
import type * as Enums from './fixtures/valid/enums/expected/types.js';
import type * as Nested from './fixtures/valid/nested-objects/expected/types.js';
import type * as Nulls from './fixtures/valid/nullable-vs-optional/expected/types.js';

const at = '2024-03-15T14:22:00Z';

export const paywall: Flokit.PaywallViewedEvent = { event: 'paywall_viewed', user_id: 'usr_abc123', timestamp: at, properties: { paywall_id: 'pw_1', plan_ids: ['a'] } };

// Identity: paywall_viewed needs user_id; an anonymous id alone does not do.
// @ts-expect-error user_id is required
export const anonymousPaywall: Flokit.PaywallViewedEvent = { event: 'paywall_viewed', anonymous_id: 'anon_1', timestamp: at, properties: { paywall_id: 'pw_1' } };

// Identity `either`: one id or the other, never neither.
export const byUser: Flokit.InstallAttributedEvent = { event: 'install_attributed', user_id: 'u', timestamp: at, properties: { campaign_id: 'c', channel: 'meta' } };
export const byDevice: Flokit.InstallAttributedEvent = { event: 'install_attributed', anonymous_id: 'a', timestamp: at, properties: { campaign_id: 'c', channel: 'meta' } };
// @ts-expect-error needs user_id or anonymous_id
export const byNobody: Flokit.InstallAttributedEvent = { event: 'install_attributed', timestamp: at, properties: { campaign_id: 'c', channel: 'meta' } };

// A required property, a misspelled one, a wrong type.
// @ts-expect-error paywall_id is required
export const noPaywallId: Flokit.PaywallViewedProperties = { offer_id: 'o' };
// @ts-expect-error paywal_id is not a property
export const misspelled: Flokit.PaywallViewedProperties = { paywall_id: 'p', paywal_id: 'p' };
// @ts-expect-error revenue is a number, not a string
export const revenueAsString: Flokit.SubscriptionStartedProperties = { plan_id: 'p', transaction_id: 't', revenue: '49.99' };

// Enums are string-literal unions; shared enum types are declared once and reused.
export const upgrade: Enums.PlanChangedProperties = { change_type: 'upgrade', tier: 2, platform: 'ios' };
// @ts-expect-error not one of upgrade, downgrade, crossgrade
export const sideways: Enums.PlanChangedProperties = { change_type: 'sideways' };
// @ts-expect-error tier is 1, 2 or 3
export const tierFour: Enums.PlanChangedProperties = { change_type: 'upgrade', tier: 4 };
export const platform: Enums.Platform = 'web';

// Nullable is not optional.
export const nulls: Nulls.ProfileUpdatedProperties = { required_plain: 'a', required_nullable: null, optional_nullable: null };
// @ts-expect-error a required nullable property must still be present
export const missingNullable: Nulls.ProfileUpdatedProperties = { required_plain: 'a' };
// @ts-expect-error optional_plain is optional but not nullable
export const nullOptional: Nulls.ProfileUpdatedProperties = { required_plain: 'a', required_nullable: 'b', optional_plain: null };

// Closed nested objects; open where the taxonomy says additionalProperties: true.
export const nested: Nested.AccountUpgradedProperties = { account: { id: 'a', billing: { country: 'DE' } }, metadata: { anything: [1, 'x'] } };
// @ts-expect-error billing is closed
export const extraBilling: Nested.AccountUpgradedProperties = { account: { id: 'a', billing: { country: 'DE', city: 'Berlin' } } };

// An event without properties accepts only an empty properties object.
export const bare: Bare.AppBackgroundedEvent = { event: 'app_backgrounded', user_id: 'u', timestamp: at, properties: {} };
// @ts-expect-error app_backgrounded has no properties
export const bareWithProperty: Bare.AppBackgroundedEvent = { event: 'app_backgrounded', user_id: 'u', timestamp: at, properties: { x: 1 } };

// The union discriminates on `event`, and the map and name union line up with it.
export function describeEvent(e: Flokit.FloKitEvent): string {
  switch (e.event) {
    case 'subscription_started':
      return `${e.properties.transaction_id}: ${e.properties.revenue ?? 0} ${e.properties.currency ?? ''}`;
    default:
      return e.event;
  }
}
export const name: Flokit.EventName = 'refund_issued';
// @ts-expect-error not an event of the taxonomy
export const unknownName: Flokit.EventName = 'refund_requested';
export const mapped: Flokit.FloKitEventMap['trial_started']['properties']['plan_id'] = 'plan';
