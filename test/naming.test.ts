// Table-driven tests of every naming rule: identifiers, file stems, collisions, reserved names.
import { describe, expect, it } from 'vitest';
import {
  collisionKey,
  eventIdentifiers,
  fileStem,
  invisibleCharacter,
  isIdentifier,
  MODULE_EXPORTS,
  pascalCase,
  reservedReason,
} from '../src/model/naming.js';

describe('pascalCase', () => {
  it.each([
    ['paywall_viewed', 'PaywallViewed'],
    ['PaywallViewed', 'PaywallViewed'],
    ['paywallViewed', 'PaywallViewed'],
    ['Signup Completed', 'SignupCompleted'],
    ['user-id', 'UserId'],
    ['user_id', 'UserId'],
    ['USER_ID', 'USERID'],
    ['3ds_challenge_passed', '_3dsChallengePassed'],
    ['default', 'Default'],
    [`Customer's "VIP" tier`, 'CustomerSVIPTier'],
    ['__private', 'Private'],
    ['a.b/c', 'ABC'],
    ['über_event', 'ÜberEvent'],
    ['заказ_оплачен', 'ЗаказОплачен'],
    ['支付完成', '支付完成'],
    ['café_ordered', 'CaféOrdered'],
    ['v2_signup', 'V2Signup'],
    ['$price', 'Price'],
    ['🎉_party', 'Party'],
    ['𐵊_new_script', 'NewScript'],
    ['𝐀bold', 'Bold'],
    ['\u1C89ata_viewed', 'AtaViewed'],
  ])('%j → %j', (name, expected) => {
    expect(pascalCase(name)).toBe(expected);
    expect(isIdentifier(expected)).toBe(true);
  });

  it.each(['', '!!!', '___', '---', '🎉', '   ', '$'])('%j yields no identifier', (name) => {
    expect(pascalCase(name)).toBeUndefined();
  });
});

describe('eventIdentifiers', () => {
  it.each([
    ['PaywallViewed', ['PaywallViewedEvent', 'PaywallViewedProperties', 'trackPaywallViewed', 'buildPaywallViewed', 'validatePaywallViewed', 'isPaywallViewed']],
    ['_3dsChallengePassed', ['_3dsChallengePassedEvent', '_3dsChallengePassedProperties', 'track3dsChallengePassed', 'build3dsChallengePassed', 'validate3dsChallengePassed', 'is3dsChallengePassed']],
    ['Default', ['DefaultEvent', 'DefaultProperties', 'trackDefault', 'buildDefault', 'validateDefault', 'isDefault']],
  ])('%s', (pascal, expected) => {
    const ids = eventIdentifiers(pascal);
    expect([ids.eventType, ids.propertiesType, ids.track, ids.build, ids.validate, ids.guard]).toEqual(expected);
    for (const id of Object.values(ids)) expect(isIdentifier(id)).toBe(true);
  });
});

describe('collisionKey', () => {
  it.each([
    ['user_id', 'userId'],
    ['user_id', 'user-id'],
    ['user_id', 'USER_ID'],
    ['UserID', 'user_id'],
    ['Signup Completed', 'signup_completed'],
  ])('%j collides with %j', (a, b) => {
    expect(collisionKey(pascalCase(a) as string)).toBe(collisionKey(pascalCase(b) as string));
  });

  it.each([
    ['user_id', 'user_ids'],
    ['v2', 'v_2_x'],
  ])('%j does not collide with %j', (a, b) => {
    expect(collisionKey(pascalCase(a) as string)).not.toBe(collisionKey(pascalCase(b) as string));
  });
});

describe('fileStem', () => {
  it.each([
    ['paywall_viewed', 'paywall_viewed'],
    ['Signup Completed', 'Signup%20Completed'],
    [`Customer's "VIP" tier`, 'Customer%27s%20%22VIP%22%20tier'],
    ['100%', '100%25'],
    ['a/b\\c', 'a%2Fb%5Cc'],
    ['.hidden', '%2Ehidden'],
    ['v1.2', 'v1.2'],
    ['trailing.', 'trailing%2E'],
    ['über', '%C3%BCber'],
    ['con', '%63on'],
    ['LPT1', '%4CPT1'],
    ['con.v2', '%63on.v2'],
    ['console', 'console'],
  ])('%j → %j', (name, expected) => {
    expect(fileStem(name)).toBe(expected);
  });

  it('is injective: distinct names never share a stem', () => {
    const names = ['a b', 'a_b', 'a%20b', 'a-b', 'a.b', 'A b', 'con', '%63on', 'x.', 'x%2E'];
    expect(new Set(names.map(fileStem)).size).toBe(names.length);
  });
});

describe('reservedReason', () => {
  it.each([
    ['FloKitEvent', "clashes with the generated module's own export `FloKitEvent`"],
    ['FlokitEvent', "clashes with the generated module's own export `FloKitEvent`"],
    ['validateEvent', "clashes with the generated module's own export `validateEvent`"],
    ['Date', 'would shadow a global the generated code uses'],
    ['isNaN', 'would shadow a global the generated code uses'],
    ['Record', 'would shadow a global the generated code uses'],
  ])('%s %s', (identifier, reason) => {
    expect(reservedReason(identifier)).toBe(reason);
  });

  it.each(['PaywallViewedEvent', 'trackDefault', 'CustomEvent', 'Country', 'isPaywallViewed'])('%s is free', (identifier) => {
    expect(reservedReason(identifier)).toBeUndefined();
  });

  it('lists module exports once each, sorted, all valid identifiers', () => {
    expect([...MODULE_EXPORTS]).toEqual([...new Set(MODULE_EXPORTS)].sort());
    for (const name of MODULE_EXPORTS) expect(isIdentifier(name)).toBe(true);
  });
});

describe('invisibleCharacter', () => {
  it.each([
    ['plain_name', undefined],
    ['emoji_🎉', undefined],
    ['rtl\u202Eoverride', 'U+202E'],
    ['isolate\u2066', 'U+2066'],
    ['zero\u200Bwidth', 'U+200B'],
    ['joiner\u200D', 'U+200D'],
    ['bom\uFEFF', 'U+FEFF'],
    ['line\u2028sep', 'U+2028'],
    ['tab\there', 'U+0009'],
    ['soft\u00ADhyphen', 'U+00AD'],
    ['lone\uD800surrogate', 'U+D800'],
  ])('%j → %s', (name, expected) => {
    expect(invisibleCharacter(name)).toBe(expected);
  });
});
