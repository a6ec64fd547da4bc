/**
 * Deterministic synthetic privacy policies for the scale benchmarks.
 *
 * Each policy is written from its own seed (`seed + index`), so document 17 is the same in a
 * 100- and in a 10,000-document corpus. A policy has a varied selection, order and wording of
 * the usual sections: controller, data collected (with sub-sections), purposes and legal bases,
 * service providers, a group-company list with postal addresses, international transfers
 * (adequacy, SCCs, Data Privacy Framework, a "we do not transfer" clause), retention periods,
 * rights and supervisory authority, cookies, security, children, changes and a contact block.
 * Files are Markdown (`## 1. Heading`) or plain text (`1. Heading` / `A. Heading`), and go
 * through the real loader like any other policy.
 *
 *   npx tsx bench/generate-corpus.ts --count 1000 --out .cache/bench/corpus-1000 [--seed 7]
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** Bump when the output changes, so cached corpora are regenerated. */
export const GENERATOR_VERSION = 1;

type Rng = () => number;

function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(rng: Rng, list: readonly T[]): T => list[Math.floor(rng() * list.length)]!;
const chance = (rng: Rng, p: number) => rng() < p;
const int = (rng: Rng, lo: number, hi: number) => lo + Math.floor(rng() * (hi - lo + 1));

function sample<T>(rng: Rng, list: readonly T[], n: number): T[] {
  const copy = [...list];
  const out: T[] = [];
  while (out.length < n && copy.length > 0) out.push(copy.splice(Math.floor(rng() * copy.length), 1)[0]!);
  return out;
}

const oxford = (items: string[]) =>
  items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;

// --- vocabulary -----------------------------------------------------------------------------

const NAME_HEADS = [
  'Nor', 'Lum', 'Vex', 'Kal', 'Bright', 'Sil', 'Aster', 'Cobalt', 'Quill', 'Tern', 'Ardent', 'Bel', 'Cinder',
  'Dun', 'Ember', 'Fjord', 'Gale', 'Hollow', 'Iri', 'Jun', 'Kestrel', 'Lark', 'Mer', 'Nimbus', 'Oak', 'Pax',
  'Quartz', 'Rill', 'Sable', 'Tidal', 'Umber', 'Vale', 'Wren', 'Xylo', 'Yar', 'Zephyr', 'Alder', 'Brio',
  'Corva', 'Delta', 'Elm', 'Ferro', 'Glen', 'Halcy', 'Isla', 'Jasper', 'Kino', 'Lyra', 'Mosaic', 'Nova',
];
const NAME_TAILS = ['ora', 'ify', 'wave', 'soft', 'labs', 'works', 'data', 'metrics', 'ly', 'io', 'stack', 'path', 'line', 'cloud', 'base', 'hub', 'point', 'gate', 'leaf', 'mint'];

interface Place {
  country: string;
  forms: string[];
  cities: Array<[string, string]>; // city, postcode pattern
  streets: string[];
  authority: string;
  eu: boolean;
  adequate: boolean;
}

const PLACES: Place[] = [
  { country: 'Germany', forms: ['GmbH', 'AG', 'GmbH & Co. KG'], cities: [['Berlin', '10### '], ['Munich', '80###'], ['Hamburg', '20###'], ['Cologne', '50###'], ['Leipzig', '04###']], streets: ['Friedrichstrasse', 'Hauptstrasse', 'Lindenallee', 'Am Hafen', 'Schillerplatz'], authority: 'the data protection authority of the federal state in which we are established', eu: true, adequate: true },
  { country: 'Switzerland', forms: ['AG', 'GmbH', 'SA'], cities: [['Zurich', '80##'], ['Basel', '40##'], ['Geneva', '12##'], ['Zug', '63##'], ['Bern', '30##']], streets: ['Bahnhofstrasse', 'Seestrasse', 'Rue du Rhone', 'Marktgasse'], authority: 'the Federal Data Protection and Information Commissioner (FDPIC)', eu: false, adequate: true },
  { country: 'Ireland', forms: ['Limited', 'DAC'], cities: [['Dublin 2', 'D02 ###'], ['Cork', 'T12 ###'], ['Galway', 'H91 ###']], streets: ['Grand Canal Dock', 'Harcourt Street', 'St Stephen\'s Green'], authority: 'the Data Protection Commission (DPC)', eu: true, adequate: true },
  { country: 'the Netherlands', forms: ['B.V.', 'N.V.'], cities: [['Amsterdam', '10## AB'], ['Rotterdam', '30## CD'], ['Utrecht', '35## EF']], streets: ['Herengracht', 'Keizersgracht', 'Stationsplein'], authority: 'the Autoriteit Persoonsgegevens', eu: true, adequate: true },
  { country: 'France', forms: ['SAS', 'SARL', 'SA'], cities: [['Paris', '750##'], ['Lyon', '6900#'], ['Nantes', '440##']], streets: ['rue de Rivoli', 'avenue des Ternes', 'boulevard Haussmann'], authority: 'the Commission nationale de l\'informatique et des libertés (CNIL)', eu: true, adequate: true },
  { country: 'Spain', forms: ['S.L.', 'S.A.'], cities: [['Madrid', '280##'], ['Barcelona', '080##'], ['Valencia', '460##']], streets: ['Calle de Alcala', 'Carrer de Mallorca', 'Gran Via'], authority: 'the Agencia Española de Protección de Datos (AEPD)', eu: true, adequate: true },
  { country: 'Italy', forms: ['S.r.l.', 'S.p.A.'], cities: [['Milan', '201##'], ['Rome', '001##'], ['Turin', '101##']], streets: ['Via Roma', 'Corso Vittorio Emanuele', 'Via Torino'], authority: 'the Garante per la protezione dei dati personali', eu: true, adequate: true },
  { country: 'Sweden', forms: ['AB'], cities: [['Stockholm', '111 ##'], ['Gothenburg', '411 ##']], streets: ['Drottninggatan', 'Kungsgatan'], authority: 'the Swedish Authority for Privacy Protection (IMY)', eu: true, adequate: true },
  { country: 'Poland', forms: ['Sp. z o.o.', 'S.A.'], cities: [['Warsaw', '00-###'], ['Krakow', '30-###']], streets: ['ul. Marszalkowska', 'ul. Florianska'], authority: 'the President of the Personal Data Protection Office (UODO)', eu: true, adequate: true },
  { country: 'the United Kingdom', forms: ['Ltd.', 'Limited', 'plc'], cities: [['London', 'EC2A #AB'], ['Manchester', 'M1 #CD'], ['Edinburgh', 'EH1 #EF']], streets: ['Old Street', 'King Street', 'George Street'], authority: 'the Information Commissioner\'s Office (ICO)', eu: false, adequate: true },
  { country: 'the USA', forms: ['Inc.', 'LLC', 'Corp.'], cities: [['New York, NY', '100##'], ['Austin, TX', '787##'], ['Seattle, WA', '981##'], ['San Francisco, CA', '941##'], ['Denver, CO', '802##']], streets: ['Market Street', 'Broadway', 'Congress Avenue', 'Pike Street'], authority: 'the competent supervisory authority', eu: false, adequate: false },
  { country: 'Canada', forms: ['Inc.', 'Ltd.', 'Corp.'], cities: [['Toronto, ON', 'M5V #A#'], ['Vancouver, BC', 'V6B #C#'], ['Montreal, QC', 'H3B #E#']], streets: ['King Street West', 'Granville Street', 'Rue Sainte-Catherine'], authority: 'the Office of the Privacy Commissioner of Canada', eu: false, adequate: true },
  { country: 'Japan', forms: ['K.K.', 'G.K.'], cities: [['Tokyo', '100-####'], ['Osaka', '530-####']], streets: ['Marunouchi', 'Ginza', 'Umeda'], authority: 'the Personal Information Protection Commission', eu: false, adequate: true },
  { country: 'India', forms: ['Pvt. Ltd.'], cities: [['Bangalore', '560 0##'], ['Pune', '411 0##']], streets: ['MG Road', 'Outer Ring Road'], authority: 'the competent supervisory authority', eu: false, adequate: false },
  { country: 'Australia', forms: ['Pty Ltd'], cities: [['Sydney NSW', '2000'], ['Melbourne VIC', '3000']], streets: ['George Street', 'Collins Street'], authority: 'the Office of the Australian Information Commissioner (OAIC)', eu: false, adequate: false },
  { country: 'Singapore', forms: ['Pte. Ltd.'], cities: [['Singapore', '0189##']], streets: ['Marina Boulevard', 'Raffles Place'], authority: 'the Personal Data Protection Commission', eu: false, adequate: false },
  { country: 'Brazil', forms: ['Ltda.'], cities: [['São Paulo', '01310-###']], streets: ['Avenida Paulista'], authority: 'the Autoridade Nacional de Proteção de Dados (ANPD)', eu: false, adequate: false },
  { country: 'Israel', forms: ['Ltd.'], cities: [['Tel Aviv', '6789###']], streets: ['Rothschild Boulevard'], authority: 'the Privacy Protection Authority', eu: false, adequate: true },
  { country: 'New Zealand', forms: ['Limited'], cities: [['Auckland', '10##'], ['Wellington', '60##']], streets: ['Queen Street', 'Lambton Quay'], authority: 'the Office of the Privacy Commissioner', eu: false, adequate: true },
];
const HOME_PLACES = PLACES.slice(0, 12);

interface Industry {
  what: string;
  service: string;
  data: string[];
  purposes: string[];
}

const INDUSTRIES: Industry[] = [
  { what: 'web analytics', service: 'analytics platform', data: ['IP addresses', 'page views', 'referrer URLs', 'device identifiers', 'session durations'], purposes: ['produce aggregated traffic reports', 'detect fraudulent traffic'] },
  { what: 'online retail', service: 'online shop', data: ['delivery addresses', 'order history', 'payment card details', 'product reviews', 'wish lists'], purposes: ['deliver your orders', 'handle returns and refunds', 'prevent payment fraud'] },
  { what: 'telehealth', service: 'telehealth app', data: ['appointment records', 'symptoms you describe', 'prescriptions', 'insurance numbers', 'video consultation metadata'], purposes: ['arrange consultations with clinicians', 'keep medical records as required by law'] },
  { what: 'travel booking', service: 'booking service', data: ['passport numbers', 'travel dates', 'frequent flyer numbers', 'seat preferences', 'booking references'], purposes: ['book flights and hotels for you', 'send travel updates'] },
  { what: 'payments', service: 'payment service', data: ['bank account numbers', 'transaction histories', 'identity documents', 'tax identification numbers'], purposes: ['execute payments', 'meet anti-money-laundering obligations', 'verify your identity'] },
  { what: 'online learning', service: 'learning platform', data: ['course progress', 'quiz results', 'certificates', 'forum posts'], purposes: ['track your learning progress', 'issue certificates'] },
  { what: 'mobile gaming', service: 'game', data: ['player names', 'in-game purchases', 'gameplay statistics', 'advertising identifiers', 'chat messages'], purposes: ['run leaderboards', 'process in-app purchases', 'moderate chat'] },
  { what: 'recruiting software', service: 'recruiting platform', data: ['CVs', 'cover letters', 'interview notes', 'references', 'salary expectations'], purposes: ['manage applications', 'schedule interviews'] },
  { what: 'logistics', service: 'shipment tracking service', data: ['shipping addresses', 'parcel tracking numbers', 'delivery signatures', 'GPS location of couriers'], purposes: ['deliver parcels', 'notify you about delivery times'] },
  { what: 'web hosting', service: 'hosting service', data: ['server logs', 'domain registrations', 'support tickets', 'billing addresses'], purposes: ['operate and secure servers', 'register domains on your behalf'] },
  { what: 'smart home devices', service: 'smart home app', data: ['device telemetry', 'voice recordings', 'room temperatures', 'Wi-Fi network names'], purposes: ['control your devices remotely', 'improve voice recognition'] },
  { what: 'dating', service: 'dating app', data: ['profile photos', 'date of birth', 'sexual orientation', 'messages', 'approximate location'], purposes: ['suggest matches', 'keep the community safe'] },
];

const PROCESSORS: Array<[string, string, string]> = [
  ['hosting', 'Amazon Web Services EMEA SARL', 'Luxembourg'],
  ['hosting', 'Hetzner Online GmbH', 'Germany'],
  ['hosting', 'Microsoft Ireland Operations Ltd.', 'Ireland'],
  ['hosting', 'Google Cloud EMEA Limited', 'Ireland'],
  ['hosting', 'OVH SAS', 'France'],
  ['payments', 'Stripe Payments Europe Ltd.', 'Ireland'],
  ['payments', 'Adyen N.V.', 'the Netherlands'],
  ['payments', 'PayPal (Europe) S.à r.l. et Cie, S.C.A.', 'Luxembourg'],
  ['e-mail delivery', 'Mailchimp (The Rocket Science Group LLC)', 'the USA'],
  ['e-mail delivery', 'Brevo SAS', 'France'],
  ['customer support', 'Zendesk Inc.', 'the USA'],
  ['customer support', 'Freshworks Inc.', 'the USA'],
  ['analytics', 'Google Ireland Limited', 'Ireland'],
  ['analytics', 'Matomo (InnoCraft Ltd.)', 'New Zealand'],
  ['error monitoring', 'Functional Software Inc. (Sentry)', 'the USA'],
  ['video calls', 'Zoom Video Communications Inc.', 'the USA'],
  ['identity verification', 'Onfido Ltd.', 'the United Kingdom'],
  ['CRM', 'HubSpot Ireland Limited', 'Ireland'],
  ['CRM', 'Salesforce.com Germany GmbH', 'Germany'],
];

const COMMON_DATA = ['name', 'e-mail address', 'telephone number', 'postal address', 'password hash', 'language preference', 'IP address', 'browser type'];
const RETENTION_UNITS: Array<[number, number, string]> = [[7, 90, 'days'], [1, 36, 'months'], [1, 10, 'years']];

// --- one policy ---------------------------------------------------------------------------------

interface Company {
  brand: string;
  legalName: string;
  place: Place;
  city: string;
  postcode: string;
  street: string;
  domain: string;
}

function fillDigits(rng: Rng, pattern: string): string {
  return pattern.replace(/#/g, () => String(int(rng, 0, 9))).trim();
}

function company(rng: Rng, brand: string, place: Place): Company {
  const [city, pattern] = pick(rng, place.cities);
  const street = place.country === 'France' || place.country === 'Japan'
    ? `${int(rng, 1, 120)} ${pick(rng, place.streets)}`
    : place.country.includes('USA') || place.country === 'Canada' || place.country === 'Australia' || place.country === 'the United Kingdom' || place.country === 'New Zealand' || place.country === 'India' || place.country === 'Singapore'
      ? `${int(rng, 1, 2400)} ${pick(rng, place.streets)}${chance(rng, 0.3) ? `, Suite ${int(rng, 100, 3000)}` : ''}`
      : `${pick(rng, place.streets)} ${int(rng, 1, 180)}`;
  return {
    brand,
    legalName: `${brand} ${pick(rng, place.forms)}`,
    place,
    city,
    postcode: fillDigits(rng, pattern),
    street,
    domain: `${brand.toLowerCase().replace(/[^a-z]/g, '')}.example`,
  };
}

const countryLabel = (p: Place) => p.country.replace(/^the /, '').replace('United Kingdom', 'UK');
const addressLine = (c: Company) => `${c.legalName}, ${c.street}, ${c.postcode} ${c.city} / ${countryLabel(c.place)}`;

interface Section {
  heading: string;
  paragraphs: Array<string | { list: string[] } | { lines: string[] }>;
  children?: Section[];
}

function retention(rng: Rng): string {
  const [lo, hi, unit] = pick(rng, RETENTION_UNITS);
  const n = int(rng, lo, hi);
  return `${n} ${n === 1 ? unit.replace(/s$/, '') : unit}`;
}

export function generatePolicy(index: number, seed = 7): { name: string; text: string; brand: string } {
  const rng = mulberry32(seed * 1_000_003 + index);
  const brand = `${pick(rng, NAME_HEADS)}${pick(rng, NAME_TAILS)}${chance(rng, 0.3) ? ` ${pick(rng, ['Digital', 'Systems', 'Health', 'Travel', 'Payments', 'Group', 'Media'])}` : ''}`;
  const industry = pick(rng, INDUSTRIES);
  const home = pick(rng, HOME_PLACES);
  const controller = company(rng, brand, home);
  const we = pick(rng, ['we', 'we']);
  const dataSubjects = pick(rng, ['users', 'customers', 'visitors', 'members']);

  const sections: Section[] = [];

  // Controller / scope
  sections.push({
    heading: pick(rng, ['Controller', 'Who we are', 'Scope and controller', 'General information', 'About this policy']),
    paragraphs: [
      `This privacy policy explains how ${controller.legalName} ("${brand}", "${we}", "us") processes personal data of ${dataSubjects} of our ${industry.service} and websites.`,
      `The controller within the meaning of the General Data Protection Regulation (GDPR) is ${controller.legalName}, ${controller.street}, ${controller.postcode} ${controller.city}, ${countryLabel(controller.place)}.`,
      ...(chance(rng, 0.6) ? [`We have appointed a data protection officer, who can be reached at dpo@${controller.domain}.`] : []),
    ],
  });

  // Data collected, with sub-sections
  const own = sample(rng, industry.data, int(rng, 2, industry.data.length));
  const common = sample(rng, COMMON_DATA, int(rng, 3, 6));
  const dataChildren: Section[] = [
    {
      heading: pick(rng, ['Account data', 'Registration', 'Data you give us']),
      paragraphs: [`When you ${pick(rng, ['create an account', 'register', 'sign up'])}, we collect your ${oxford(common.slice(0, 3))}.`],
    },
    {
      heading: pick(rng, ['Usage data', 'Log files', 'Technical data']),
      paragraphs: [
        `When you use our ${industry.service}, our servers record ${oxford(common.slice(3).concat(['time stamps', 'pages visited']).slice(0, 4))}.`,
        ...(chance(rng, 0.5) ? [`IP addresses are ${pick(rng, ['shortened', 'anonymised', 'truncated'])} after ${retention(rng)}.`] : []),
      ],
    },
    {
      heading: pick(rng, ['Service data', `Data specific to our ${industry.service}`, 'Content and transactions']),
      paragraphs: chance(rng, 0.5)
        ? [`To provide our ${industry.what} services we process the following data:`, { list: own.map((d) => d.charAt(0).toUpperCase() + d.slice(1)) }]
        : [`To provide our ${industry.what} services we also process ${oxford(own)}.`],
    },
  ];
  sections.push({ heading: pick(rng, ['Data we collect', 'Personal data we process', 'Categories of personal data', 'What information we collect']), paragraphs: [], children: dataChildren });

  // Purposes and legal bases
  sections.push({
    heading: pick(rng, ['Purposes and legal bases', 'Why we process your data', 'Legal basis for processing', 'How we use your data']),
    paragraphs: [
      `We process account and service data to ${pick(rng, industry.purposes)} and to perform our contract with you (Art. 6 para. 1 lit. b GDPR).`,
      `We process usage data on the basis of our legitimate interest in ${pick(rng, ['operating a secure and stable service', 'improving our offering', 'preventing abuse'])} (Art. 6 para. 1 lit. f GDPR).`,
      ...(chance(rng, 0.7) ? [`We send ${pick(rng, ['newsletters', 'marketing e-mails', 'product updates'])} only with your consent (Art. 6 para. 1 lit. a GDPR), which you can withdraw at any time with effect for the future.`] : []),
      ...(chance(rng, 0.5) ? [`Where we are legally obliged to keep records, for example under tax and commercial law, the legal basis is Art. 6 para. 1 lit. c GDPR.`] : []),
    ],
  });

  // Recipients
  const processors = sample(rng, PROCESSORS, int(rng, 2, 6));
  sections.push({
    heading: pick(rng, ['Recipients', 'Service providers', 'Who we share your data with', 'Disclosure to third parties']),
    paragraphs: [
      `We use carefully selected service providers who process personal data on our behalf under data processing agreements (Art. 28 GDPR):`,
      { list: processors.map(([role, name, country]) => `${name}, ${country} (${role})`) },
      pick(rng, [
        'We do not sell your personal data.',
        'We do not sell or rent your personal data to third parties for their own marketing purposes.',
        'We never sell personal data to advertisers or data brokers.',
      ]),
    ],
  });

  // Group companies
  const groupPlaces = sample(rng, PLACES.filter((p) => p !== home), int(rng, 0, 5));
  const group = groupPlaces.map((p) => company(rng, chance(rng, 0.7) ? `${brand}${p.country.includes('USA') ? ' US' : ''}` : `${pick(rng, NAME_HEADS)}${pick(rng, NAME_TAILS)}`, p));
  if (group.length > 0) {
    sections.push({
      heading: pick(rng, ['Group companies', `The ${brand} group`, 'Affiliated companies']),
      paragraphs: [
        `The following companies belong to the ${brand} group and may process your data for internal administration, IT operations and customer support:`,
        { list: [addressLine(controller), ...group.map(addressLine)] },
        `Joint processing within the group is based on our legitimate interest in an efficient corporate organisation (Art. 6 para. 1 lit. f GDPR).`,
      ],
    });
  }

  // Transfers
  const abroad = [...new Set([...group.map((g) => g.place), ...processors.map(([, , c]) => PLACES.find((p) => p.country === c)).filter((p): p is Place => !!p && !p.eu)])].filter((p) => !p.eu && p !== home);
  const transferParas: Section['paragraphs'] = [];
  if (abroad.length === 0) {
    transferParas.push(`We process your personal data exclusively in ${home.eu ? 'the European Union' : countryLabel(home)}. We do not transfer personal data to third countries.`);
  } else {
    const adequate = abroad.filter((p) => p.adequate);
    const other = abroad.filter((p) => !p.adequate);
    transferParas.push(`Some recipients are located outside the European Economic Area (EEA), namely in ${oxford(abroad.map((p) => p.country))}.`);
    if (adequate.length) transferParas.push(`For ${oxford(adequate.map((p) => p.country))}, the European Commission has adopted an adequacy decision (Art. 45 GDPR).`);
    if (other.some((p) => p.country === 'the USA')) {
      transferParas.push(pick(rng, [
        'Transfers to the USA take place to recipients certified under the EU-U.S. Data Privacy Framework; where a recipient is not certified, we conclude the EU standard contractual clauses.',
        'For transfers to the USA we rely on the EU standard contractual clauses (Art. 46 para. 2 lit. c GDPR) together with supplementary measures such as encryption.',
      ]));
    }
    const rest = other.filter((p) => p.country !== 'the USA');
    if (rest.length) transferParas.push(`Transfers to ${oxford(rest.map((p) => p.country))} are based on standard contractual clauses approved by the European Commission. You can request a copy from us.`);
    if (chance(rng, 0.4)) transferParas.push(`We do not transfer personal data to ${pick(rng, ['China', 'Russia', 'any other country'])}.`);
  }
  sections.push({ heading: pick(rng, ['International transfers', 'Transfers to third countries', 'Data transfers abroad', 'Where we process your data']), paragraphs: transferParas });

  // Retention
  sections.push({
    heading: pick(rng, ['Retention', 'How long we keep your data', 'Storage period', 'Data retention']),
    paragraphs: [
      `We delete account data ${retention(rng)} after you ${pick(rng, ['close your account', 'delete your account', 'end your contract'])}.`,
      `${pick(rng, ['Invoices', 'Accounting records', 'Billing documents'])} are kept for ${pick(rng, ['ten', 'seven', 'six', 'five'])} years as required by ${pick(rng, ['tax law', 'commercial law', 'tax and commercial law'])}.`,
      `${own[0]!.charAt(0).toUpperCase() + own[0]!.slice(1)} ${pick(rng, ['are', 'is'])} deleted after ${retention(rng)} unless you ask us to delete ${pick(rng, ['them', 'it'])} earlier.`,
      ...(chance(rng, 0.5) ? [`Server logs are deleted after ${retention(rng)}.`] : []),
    ],
  });

  // Rights
  sections.push({
    heading: pick(rng, ['Your rights', 'Your data protection rights', 'Rights of data subjects', 'Your choices and rights']),
    paragraphs: [
      `You have the right to access, rectification, erasure and restriction of processing of your personal data, the right to data portability and the right to object to processing based on legitimate interests.`,
      `To exercise your rights, ${pick(rng, ['write to', 'contact', 'send an e-mail to'])} privacy@${controller.domain}.`,
      `You may also lodge a complaint with a supervisory authority, in particular ${controller.place.authority}.`,
      ...(chance(rng, 0.3) ? [`If you live in California, you have the right to know which personal information we collect and to opt out of its sale; as stated above, we do not sell personal information.`] : []),
    ],
  });

  // Optional sections
  if (chance(rng, 0.8)) {
    sections.push({
      heading: pick(rng, ['Cookies', 'Cookies and similar technologies', 'Cookies and tracking']),
      paragraphs: [
        `Our website uses cookies that are strictly necessary for its operation, for example to keep you signed in.`,
        chance(rng, 0.5)
          ? `With your consent we also use analytics cookies${processors.some(([r]) => r === 'analytics') ? ' from our analytics provider' : ''}; you can change your choice at any time in the cookie settings.`
          : 'We do not use advertising or tracking cookies.',
      ],
    });
  }
  if (chance(rng, 0.6)) {
    sections.push({
      heading: pick(rng, ['Security', 'How we protect your data', 'Data security']),
      paragraphs: [`We protect your data with ${oxford(sample(rng, ['TLS encryption in transit', 'encryption at rest', 'role-based access controls', 'regular penetration tests', 'ISO 27001 certified data centres', 'two-factor authentication for staff'], 3))}.`],
    });
  }
  if (chance(rng, 0.5)) {
    sections.push({
      heading: pick(rng, ['Children', 'Minors', "Children's privacy"]),
      paragraphs: [`Our ${industry.service} is not directed at children under ${pick(rng, ['13', '16', '18'])}. We do not knowingly collect personal data from children.`],
    });
  }
  if (chance(rng, 0.3)) {
    sections.push({
      heading: pick(rng, ['Automated decision-making', 'Profiling']),
      paragraphs: [`We do not use automated decision-making, including profiling, that produces legal effects concerning you or similarly significantly affects you.`],
    });
  }
  if (chance(rng, 0.6)) {
    sections.push({
      heading: pick(rng, ['Newsletter', 'Marketing communications', 'E-mail marketing']),
      paragraphs: [
        `If you subscribe to our ${pick(rng, ['newsletter', 'product updates', 'offers'])}, we use your e-mail address and, if you provide it, your first name to send you ${pick(rng, ['news about our products', 'information about our services', 'personalised offers'])}.`,
        `We use a double opt-in procedure: you receive an e-mail asking you to confirm your subscription, and we log the time of your confirmation and your IP address as proof of consent.`,
        `You can unsubscribe at any time via the link at the end of each e-mail; we then delete your address from the mailing list ${pick(rng, ['immediately', 'within 30 days', 'after 3 months'])}.`,
      ],
    });
  }
  if (chance(rng, 0.5)) {
    sections.push({
      heading: pick(rng, ['Customer support', 'Support requests', 'When you contact us']),
      paragraphs: [
        `When you contact our support team by e-mail, chat or telephone, we process the information you provide, such as your ${oxford(sample(rng, ['name', 'e-mail address', 'customer number', 'order number', 'screenshots', 'call recordings'], 3))}, to answer your request.`,
        `Support conversations are kept for ${retention(rng)} so that we can follow up on recurring problems and improve our answers.`,
      ],
    });
  }
  if (chance(rng, 0.4)) {
    const networks = sample(rng, ['LinkedIn', 'Instagram', 'Facebook', 'YouTube', 'X (formerly Twitter)', 'TikTok'], int(rng, 1, 3));
    sections.push({
      heading: pick(rng, ['Social media', 'Our social media pages', 'Social networks']),
      paragraphs: [
        `We maintain pages on ${oxford(networks)}. When you visit them, the operators of these networks process your data under their own privacy policies.`,
        `For the statistics these networks provide about visits to our pages, we are jointly responsible with the operator (Art. 26 GDPR).`,
      ],
    });
  }
  if (chance(rng, 0.35)) {
    sections.push({
      heading: pick(rng, ['Job applications', 'Applicants', 'Careers']),
      paragraphs: [
        `If you apply for a job with us, we process your application documents, such as your CV, certificates and cover letter, to decide on your application (Art. 88 GDPR in conjunction with national employment law).`,
        `If we do not hire you, we delete your application ${retention(rng)} after the position has been filled, unless you agree that we keep it for future vacancies.`,
      ],
    });
  }
  if (chance(rng, 0.5)) {
    sections.push({
      heading: pick(rng, ['Changes to this policy', 'Updates', 'Amendments']),
      paragraphs: [`We may update this privacy policy from time to time. The current version is always available on our website; we will inform you of material changes by e-mail.`],
    });
  }
  sections.push({
    heading: pick(rng, ['Contact', 'How to contact us', 'Contact details', 'Questions']),
    paragraphs: [
      `If you have questions about this privacy policy or about the processing of your personal data, please contact us:`,
      { lines: [controller.legalName, controller.street, `${controller.postcode} ${controller.city}`, countryLabel(controller.place), `privacy@${controller.domain}`] },
    ],
  });

  // Render
  const markdown = chance(rng, 0.5);
  const letters = !markdown && chance(rng, 0.3);
  const title = `${pick(rng, ['Privacy Policy', 'Privacy Notice', 'Data Protection Notice'])} of ${controller.legalName}`;
  const out: string[] = [];
  if (markdown) out.push(`# ${title}`, '', `Last updated: ${int(rng, 1, 28)} ${pick(rng, ['January', 'March', 'May', 'July', 'September', 'November'])} ${int(rng, 2021, 2026)}`, '');
  else out.push(title, '');
  const para = (p: Section['paragraphs'][number]) => {
    if (typeof p === 'string') out.push(p, '');
    else if ('list' in p) {
      for (const item of p.list) out.push(`- ${item}`);
      out.push('');
    } else {
      out.push(...p.lines, '');
    }
  };
  sections.forEach((s, i) => {
    const number = letters ? String.fromCharCode(65 + i) : String(i + 1);
    out.push(markdown ? `## ${number}. ${s.heading}` : `${number}. ${s.heading}`, '');
    s.paragraphs.forEach(para);
    s.children?.forEach((c, j) => {
      out.push(markdown ? `### ${i + 1}.${j + 1} ${c.heading}` : letters ? `${j + 1}. ${c.heading}` : `${i + 1}.${j + 1} ${c.heading}`, '');
      c.paragraphs.forEach(para);
    });
  });
  const slug = brand.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  return { name: `${String(index).padStart(5, '0')}-${slug}-privacy.${markdown ? 'md' : 'txt'}`, text: `${out.join('\n').trimEnd()}\n`, brand };
}

/** Writes `count` policies into `dir` (replacing it) unless it already holds exactly that corpus. */
export function generateCorpus(dir: string, count: number, seed = 7): { generated: boolean; files: number } {
  const stamp = join(dir, '.generated.json');
  const want = JSON.stringify({ version: GENERATOR_VERSION, count, seed });
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === want) return { generated: false, files: count };
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (let i = 0; i < count; i++) {
    const { name, text } = generatePolicy(i, seed);
    writeFileSync(join(dir, name), text);
  }
  writeFileSync(stamp, want);
  return { generated: true, files: count };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const args = process.argv.slice(2);
  const arg = (name: string, def?: string) => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 ? args[i + 1] : def;
  };
  const count = Number(arg('count', '100'));
  const out = arg('out', `.cache/bench/corpus-${count}`)!;
  const seed = Number(arg('seed', '7'));
  if (args.includes('--print')) {
    process.stdout.write(generatePolicy(Number(arg('index', '0')), seed).text);
  } else {
    const r = generateCorpus(out, count, seed);
    console.log(`${r.generated ? 'wrote' : 'kept'} ${r.files} policies in ${out}`);
  }
}
