/**
 * A stream of varied questions, as a widget's visitors write them: the same intents in other
 * wordings, about other countries, with other greetings and closing words. Templates × countries
 * × openers × closers give 120,960 distinct wordings, so an answer cache rarely helps; the order
 * is a fixed pseudo-random permutation (the same in every run).
 */

const TEMPLATES = [
  'do you transfer my personal data to {c}?',
  'is my information sent to {c}?',
  'can my data end up in {c}?',
  'do you share my details with companies in {c}?',
  'is there an office in {c}?',
  'which group companies are located in {c}?',
  'as someone living in {c}, how long do you keep my data?',
  'as a user in {c}, can I delete my account data?',
  'I live in {c}: who do I contact about my privacy?',
  'I am in {c}, do you sell my personal information?',
  'what rights do people in {c} have over their data?',
  'does the policy say anything about {c}?',
  'are transfers to {c} protected by safeguards?',
  'what happens to my data if I move to {c}?',
  'do you use cookies for visitors from {c}?',
  'can I opt out of marketing emails from {c}?',
  'how do I get a copy of my data in {c}?',
  'who is the data controller for users in {c}?',
  'do you process payment data of customers in {c}?',
  'is my data stored on servers in {c}?',
  'do partners in {c} receive my email address?',
  'what legal basis applies when you send data to {c}?',
  'how can I complain to the authority in {c}?',
  'do you keep logs about users in {c}, and for how long?',
];

const COUNTRIES = [
  'Japan', 'the USA', 'the United States', 'Canada', 'Brazil', 'India', 'China', 'Germany', 'France', 'Spain',
  'Italy', 'the UK', 'Ireland', 'the Netherlands', 'Poland', 'Sweden', 'Norway', 'Switzerland', 'Australia', 'New Zealand',
  'Singapore', 'South Korea', 'Mexico', 'Argentina', 'South Africa', 'Nigeria', 'Egypt', 'Turkey', 'Israel', 'the UAE',
  'Russia', 'Ukraine', 'Vietnam', 'Indonesia', 'the Philippines', 'Chile', 'Colombia', 'Portugal', 'Austria', 'Belgium',
  'Denmark', 'Finland',
];

const OPENERS = ['', 'Hi, ', 'Hello! ', 'Hey there, ', 'Quick question: ', "I'm curious, ", 'Good morning. ', 'Sorry to bother you, ', 'Just wondering, ', 'Hi team, '];

const CLOSERS = ['', ' Thanks!', ' Cheers.', ' Thank you in advance.', ' Many thanks', ' Regards, Sam', ' Appreciate it!', ' Thx', ' Kind regards.', ' Cheers mate', ' Thanks a lot!', ' Best wishes'];

/** Every wording once, in a fixed shuffled order. */
export function variedQuestions(): string[] {
  const out: string[] = [];
  for (const template of TEMPLATES) {
    for (const country of COUNTRIES) {
      for (const opener of OPENERS) {
        for (const closer of CLOSERS) {
          let q = template.replace('{c}', country);
          q = opener ? opener + q : q[0]!.toUpperCase() + q.slice(1);
          out.push(q + closer);
        }
      }
    }
  }
  // Fisher–Yates with a fixed linear congruential generator: the same order in every run.
  let seed = 12345;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
