import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { FieldError } from '../../field-errors.ts';
import type { ObjectMeta } from '../../meta/v1.ts';
import { defaultService } from './service-defaults.ts';
import { ipFamilyOf, isValidCIDR, parseIPSloppy } from './service-validation-ips.ts';
import { validateService, validateServiceUpdate } from './service-validation.ts';
import type { IPFamily } from './service-validation.ts';
import type { Service, ServiceSpec } from './service.ts';

type Expected = [type: FieldError['type'], field: string, message: string];

function shape(errs: readonly FieldError[]): Expected[] {
  return errs.map((e) => [e.type, e.field, e.message]);
}

const META: ObjectMeta = { name: 'web', namespace: 'default', resourceVersion: '7' };
const web: ServiceSpec = { selector: { app: 'web' }, ports: [{ port: 80 }] };
const svc = (spec: ServiceSpec): Service => defaultService({ apiVersion: 'v1', kind: 'Service', metadata: META, spec });
const withIPs = (clusterIPs: string[], more: ServiceSpec = {}): Service =>
  svc({ ...web, clusterIP: clusterIPs[0], clusterIPs, ...more });
const BAD_IP = 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)';
const V4: IPFamily[] = ['IPv4'];
const DUAL: IPFamily[] = ['IPv4', 'IPv6'];

describe('parseIPSloppy (Go 1.16 rules)', () => {
  const cases: [string, IPFamily | undefined][] = [
    ['10.96.0.10', 'IPv4'],
    ['010.096.000.010', 'IPv4'], // leading zeros: accepted, read as decimal
    ['256.0.0.1', undefined],
    ['1.2.3', undefined],
    ['1.2.3.4.5', undefined],
    ['::', 'IPv6'],
    ['::1', 'IPv6'],
    ['fd00::10', 'IPv6'],
    ['1:2:3:4:5:6:7:8', 'IPv6'],
    ['1:2:3:4:5:6:7::', 'IPv6'],
    ['1:2:3:4:5:6:7:8::', undefined],
    ['1:2:3:4:5:6:7:8:9', undefined],
    ['1::2::3', undefined],
    ['::ffff:10.0.0.1', 'IPv4'], // IPv4-mapped counts as IPv4, as Go's To4 says
    ['::10.0.0.1', 'IPv6'],
    ['fe80::1%eth0', undefined],
    ['10.0.0.1/32', undefined],
    ['', undefined],
    ['localhost', undefined],
  ];
  for (const [text, family] of cases) {
    it(`${JSON.stringify(text)} → ${family ?? 'invalid'}`, () => assert.equal(ipFamilyOf(text), family));
  }

  it('expands "::" to the right number of zero groups', () => {
    assert.deepEqual([...(parseIPSloppy('1::8') ?? [])], [0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 8]);
  });

  it('CIDRs', () => {
    assert.deepEqual(
      ['10.0.0.0/8', '10.0.0.1/32', '::/0', 'fd00::/129', '10.0.0.0/33', '10.0.0.0', '10.0.0.0/x'].map(isValidCIDR),
      [true, true, true, false, false, false, false],
    );
  });
});

describe('validateService: clusterIPs, ipFamilies, ipFamilyPolicy', () => {
  const cases: [string, Service, Expected[]][] = [
    ['an IP to be allocated', svc(web), []],
    ['a requested IP', withIPs(['10.96.0.20']), []],
    ['dual-stack IPs', withIPs(['10.96.0.20', 'fd00::20'], { ipFamilies: ['IPv4', 'IPv6'], ipFamilyPolicy: 'RequireDualStack' }), []],
    ['clusterIP alone (not yet synced) is missing clusterIPs', svc({ ...web, clusterIP: '10.96.0.20' }), [['FieldValueRequired', 'spec.clusterIPs', 'Required value']]],
    [
      'clusterIPs[0] must equal clusterIP',
      svc({ ...web, clusterIP: '10.96.0.20', clusterIPs: ['10.96.0.21'] }),
      [['FieldValueInvalid', 'spec.clusterIPs', 'Invalid value: []string{"10.96.0.21"}: first value must match `clusterIP`']],
    ],
    [
      'clusterIPs without clusterIP',
      svc({ ...web, clusterIPs: ['10.96.0.21'] }),
      [['FieldValueInvalid', 'spec.clusterIPs', 'Invalid value: []string{"10.96.0.21"}: must be empty when `clusterIP` is not specified']],
    ],
    ['an invalid IP', withIPs(['10.96.0.300']), [['FieldValueInvalid', 'spec.clusterIPs[0]', `Invalid value: "10.96.0.300": ${BAD_IP}`]]],
    [
      'None must stand alone',
      withIPs(['None', '10.96.0.20']),
      [['FieldValueInvalid', 'spec.clusterIPs', 'Invalid value: []string{"None", "10.96.0.20"}: \'None\' must be the first and only value']],
    ],
    ['None only first', withIPs(['10.96.0.20', 'None']), [['FieldValueInvalid', 'spec.clusterIPs[1]', `Invalid value: "None": ${BAD_IP}`]]],
    [
      'at most two',
      withIPs(['10.96.0.20', 'fd00::20', '10.96.0.21']),
      [['FieldValueInvalid', 'spec.clusterIPs', 'Invalid value: []string{"10.96.0.20", "fd00::20", "10.96.0.21"}: may only hold up to 2 values']],
    ],
    [
      'one per family',
      withIPs(['10.96.0.20', '10.96.0.21']),
      [['FieldValueInvalid', 'spec.clusterIPs', 'Invalid value: []string{"10.96.0.20", "10.96.0.21"}: may specify no more than one IP for each IP family']],
    ],
    [
      'IPs match their families',
      withIPs(['fd00::20', '10.96.0.20'], { ipFamilies: ['IPv4', 'IPv6'] }),
      [
        ['FieldValueInvalid', 'spec.clusterIPs[0]', 'Invalid value: "fd00::20": expected an IPv4 value as indicated by `ipFamilies[0]`'],
        ['FieldValueInvalid', 'spec.clusterIPs[1]', 'Invalid value: "10.96.0.20": expected an IPv6 value as indicated by `ipFamilies[1]`'],
      ],
    ],
    [
      'families are IPv4 or IPv6, once each',
      svc({ ...web, ipFamilies: ['IPv5', 'IPv4', 'IPv4'] }),
      [
        ['FieldValueNotSupported', 'spec.ipFamilies[0]', 'Unsupported value: "IPv5": supported values: "IPv4", "IPv6"'],
        ['FieldValueDuplicate', 'spec.ipFamilies[2]', 'Duplicate value: "IPv4"'],
      ],
    ],
    [
      'a known policy',
      svc({ ...web, ipFamilyPolicy: 'DualStack' }),
      [['FieldValueNotSupported', 'spec.ipFamilyPolicy', 'Unsupported value: "DualStack": supported values: "PreferDualStack", "RequireDualStack", "SingleStack"']],
    ],
    ['valid external IPs', svc({ ...web, externalIPs: ['192.0.2.10', '2001:db8::10'] }), []],
    [
      'special external IPs',
      svc({ ...web, externalIPs: ['0.0.0.0', '127.0.0.1', '169.254.169.254', '224.0.0.5', 'fe80::1', 'ff02::1', '::1', 'nope'] }),
      [
        ['FieldValueInvalid', 'spec.externalIPs[0]', 'Invalid value: "0.0.0.0": may not be unspecified (0.0.0.0)'],
        ['FieldValueInvalid', 'spec.externalIPs[1]', 'Invalid value: "127.0.0.1": may not be in the loopback range (127.0.0.0/8, ::1/128)'],
        ['FieldValueInvalid', 'spec.externalIPs[2]', 'Invalid value: "169.254.169.254": may not be in the link-local range (169.254.0.0/16, fe80::/10)'],
        ['FieldValueInvalid', 'spec.externalIPs[3]', 'Invalid value: "224.0.0.5": may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)'],
        ['FieldValueInvalid', 'spec.externalIPs[4]', 'Invalid value: "fe80::1": may not be in the link-local range (169.254.0.0/16, fe80::/10)'],
        ['FieldValueInvalid', 'spec.externalIPs[5]', 'Invalid value: "ff02::1": may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)'],
        ['FieldValueInvalid', 'spec.externalIPs[6]', 'Invalid value: "::1": may not be in the loopback range (127.0.0.0/8, ::1/128)'],
        ['FieldValueInvalid', 'spec.externalIPs[7]', `Invalid value: "nope": ${BAD_IP}`],
      ],
    ],
  ];
  for (const [title, service, expected] of cases) {
    it(title, () => assert.deepEqual(shape(validateService(service)), expected));
  }
});

describe('validateServiceUpdate: cluster IP and family changes', () => {
  const single = withIPs(['10.96.0.20'], { ipFamilies: ['IPv4'], ipFamilyPolicy: 'SingleStack' });
  const dual = withIPs(['10.96.0.20', 'fd00::20'], { ipFamilies: ['IPv4', 'IPv6'], ipFamilyPolicy: 'RequireDualStack' });
  const spec = (base: Service, patch: Partial<ServiceSpec>): Service => ({ ...base, spec: { ...base.spec, ...patch } });
  const cases: [string, Service, Service, Expected[]][] = [
    ['upgrade to dual-stack', single, spec(dual, { ipFamilyPolicy: 'PreferDualStack' }), []],
    ['downgrade with SingleStack', dual, spec(single, { ipFamilyPolicy: 'SingleStack' }), []],
    [
      'downgrade without SingleStack',
      dual,
      spec(single, { ipFamilyPolicy: 'RequireDualStack' }),
      [
        ['FieldValueInvalid', 'spec.ipFamilyPolicy', 'Invalid value: "RequireDualStack": must be set to \'SingleStack\' when releasing the secondary clusterIP'],
        ['FieldValueInvalid', 'spec.ipFamilyPolicy', 'Invalid value: "RequireDualStack": must be set to \'SingleStack\' when releasing the secondary ipFamily'],
      ],
    ],
    [
      'the primary family may not change',
      single,
      withIPs(['fd00::20'], { ipFamilies: ['IPv6'], ipFamilyPolicy: 'SingleStack' }),
      [
        ['FieldValueInvalid', 'spec.clusterIPs[0]', 'Invalid value: []string{"fd00::20"}: may not change once set'],
        ['FieldValueInvalid', 'spec.ipFamilies[0]', 'Invalid value: []core.IPFamily{"IPv6"}: may not change once set'],
      ],
    ],
    [
      'the secondary IP may not change',
      dual,
      spec(dual, { clusterIPs: ['10.96.0.20', 'fd00::21'] }),
      [['FieldValueInvalid', 'spec.clusterIPs[1]', 'Invalid value: []string{"10.96.0.20", "fd00::21"}: may not change once set']],
    ],
    ['headless may change families', withIPs(['None'], { ipFamilies: ['IPv4'] }), withIPs(['None'], { ipFamilies: ['IPv6'] }), []],
  ];
  for (const [title, oldService, newService, expected] of cases) {
    it(title, () => assert.deepEqual(shape(validateServiceUpdate(newService, oldService)), expected));
  }
});

describe('cluster IP-family checks (before allocation)', () => {
  const cases: [string, Service, readonly IPFamily[], Expected[]][] = [
    ['a plain Service on an IPv4 cluster', svc(web), V4, []],
    ['PreferDualStack on a single-stack cluster', svc({ ...web, ipFamilyPolicy: 'PreferDualStack' }), V4, []],
    [
      'RequireDualStack on a single-stack cluster, reported alone',
      svc({ ...web, ports: [], ipFamilyPolicy: 'RequireDualStack' }),
      V4,
      [['FieldValueInvalid', 'spec.ipFamilyPolicy', 'Invalid value: "RequireDualStack": this cluster is not configured for dual-stack services']],
    ],
    ['RequireDualStack on a dual-stack cluster', svc({ ...web, ipFamilyPolicy: 'RequireDualStack' }), DUAL, []],
    [
      'a family the cluster lacks',
      svc({ ...web, ipFamilies: ['IPv6'] }),
      V4,
      [['FieldValueInvalid', 'spec.ipFamilies[0]', 'Invalid value: "IPv6": not configured on this cluster']],
    ],
    [
      'a cluster IP of a family the cluster lacks',
      withIPs(['fd00::20']),
      V4,
      [['FieldValueInvalid', 'spec.clusterIPs[0]', 'Invalid value: []string{"fd00::20"}: IPv6 is not configured on this cluster']],
    ],
    [
      'two IPs need a dual-stack policy',
      withIPs(['10.96.0.20', 'fd00::20']),
      DUAL,
      [['FieldValueInvalid', 'spec.ipFamilyPolicy', 'Invalid value: "SingleStack": must be \'RequireDualStack\' or \'PreferDualStack\' when multiple cluster IPs are specified']],
    ],
    [
      'malformed IPs are reported alone',
      withIPs(['10.96.0.300'], { ports: [] }),
      V4,
      [['FieldValueInvalid', 'spec.clusterIPs[0]', `Invalid value: "10.96.0.300": ${BAD_IP}`]],
    ],
    ['headless selectorless Services may ask for any family', svc({ ports: [], clusterIP: 'None', clusterIPs: ['None'], ipFamilies: ['IPv6'] }), V4, []],
    ['ExternalName is exempt', svc({ type: 'ExternalName', externalName: 'db.example.com' }), V4, []],
  ];
  for (const [title, service, families, expected] of cases) {
    it(title, () => assert.deepEqual(shape(validateService(service, { clusterFamilies: families })), expected));
  }

  const dual = withIPs(['10.96.0.20', 'fd00::20'], { ipFamilies: ['IPv4', 'IPv6'], ipFamilyPolicy: 'PreferDualStack' });
  it('an update asking for SingleStack with both IPs left in place is a downgrade', () => {
    const next = { ...dual, spec: { ...dual.spec, ipFamilyPolicy: 'SingleStack' } };
    assert.deepEqual(shape(validateServiceUpdate(next, dual, { clusterFamilies: DUAL })), []);
  });
  it('an update dropping the secondary IP without SingleStack', () => {
    const next = { ...dual, spec: { ...dual.spec, clusterIPs: ['10.96.0.20'], ipFamilies: ['IPv4'] } };
    assert.deepEqual(shape(validateServiceUpdate(next, dual, { clusterFamilies: DUAL })), [
      ['FieldValueInvalid', 'spec.ipFamilyPolicy', 'Invalid value: "PreferDualStack": must be \'SingleStack\' to release the secondary cluster IP'],
      ['FieldValueInvalid', 'spec.ipFamilyPolicy', 'Invalid value: "PreferDualStack": must be \'SingleStack\' to release the secondary IP family'],
    ]);
  });
  it('an unchanged PreferDualStack Service is left alone after the cluster lost a family', () => {
    assert.deepEqual(shape(validateServiceUpdate(dual, dual, { clusterFamilies: V4 })), []);
  });
});
