// Payloads of `subscription_started` (taxonomy/flokit.yaml: 8 properties, 3 of them shared types)
// for the validator throughput bench. Valid ones vary which optional properties are present; each
// invalid one breaks one or two rules (each violation kind appears). Fresh objects per call, built
// the same way (through JSON) in every process, so every validator sees the same shapes.

const base = () => ({
  event: 'subscription_started',
  user_id: 'user_8f2c1a',
  timestamp: '2024-03-15T14:22:00Z',
  properties: {
    plan_id: 'pro_yearly',
    transaction_id: '2000000123456789',
    revenue: 49.99,
    currency: 'USD',
    trial_converted: true,
    store: 'apple',
    product_id: 'com.example.pro.yearly',
    offer_id: 'spring_sale',
  },
});

export function validPayloads() {
  const full = base();
  const minimal = {
    event: 'subscription_started',
    user_id: 'u_1',
    timestamp: '2024-03-15T14:22:00.123+01:00',
    properties: { plan_id: 'basic_monthly', transaction_id: 'GPA.3345-1234-5678-90123' },
  };
  const both = { ...base(), anonymous_id: 'anon_77', timestamp: '2024-12-31T23:59:59.999Z' };
  const some = base();
  delete some.properties.offer_id;
  delete some.properties.trial_converted;
  some.properties.revenue = 0;
  return fresh([full, minimal, both, some]);
}

export function invalidPayloads() {
  const withProps = (patch) => {
    const p = base();
    Object.assign(p.properties, patch);
    return p;
  };
  const missingRequired = base();
  delete missingRequired.properties.transaction_id;
  const noUser = base();
  delete noUser.user_id;
  noUser.anonymous_id = 'anon_1';
  const extra = base();
  extra.properties.coupon = 'X';
  return fresh([
    missingRequired, // missing-required
    withProps({ revenue: '49.99' }), // wrong-type (shared type)
    withProps({ currency: 'usd' }), // constraint-failed (pattern)
    withProps({ plan_id: '', trial_converted: 'yes' }), // constraint-failed + wrong-type
    { ...base(), timestamp: '2024-02-30T10:00:00Z' }, // date-time (no 30 February)
    noUser, // missing-identity
    extra, // unexpected-property
    { ...base(), event: 'subscription_startd' }, // wrong event name
  ]);
}

/** Through JSON, as payloads arrive: no object left in dictionary mode by `delete`. */
function fresh(list) {
  return JSON.parse(JSON.stringify(list));
}
