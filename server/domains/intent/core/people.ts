import nlp from 'compromise';

/**
 * Is this word a kind of person ("engineers", "paralegals", "reps", "clients")? A short list of the
 * words people use for users and staff, then compromise's lexicon of roles and occupations (its
 * `Actor` tag), then any plural agent noun in -ers/-ors ("250 claims handlers", "thousands of retail
 * investors") but a list of things ("8 servers", "500 papers"), so "30 patent attorneys" and "25
 * investigators" count as users but "5 languages", "14 countries" and "200k SKUs" do not.
 */
const PEOPLE_WORDS = new Set(
  (
    'user users people persons person folks staff staffers customers clients employees devs developers ' +
    'engineers programmers agents reps execs executives paralegals associates techs technicians mechanics ' +
    'marketers nurses doctors physicians clinicians residents reviewers learners hires dbas sres visitors ' +
    'subscribers patients players guests members seats students analysts lawyers attorneys researchers ' +
    'scientists writers copywriters editors translators testers shoppers buyers sellers travellers travelers ' +
    'viewers readers teammates colleagues coworkers admins operators volunteers partners consultants ' +
    'recruiters designers fact-checkers investigators clerks novelists traders builders dau daus mau maus ' +
    'accountants officers managers adjusters underwriters agents tutors teachers pharmacists ' +
    'kids children parents creatives citizens families'
  ).split(' '),
);
const NOT_PEOPLE = new Set(
  (
    'gpus cards languages countries markets stores models times ' +
    // -ers / -ors words that are things, not people (the agent-noun rule below would count them).
    'servers containers computers processors accelerators monitors sensors vectors factors errors ' +
    'vendors providers suppliers headers markers clusters folders registers answers trackers papers ' +
    'chapters letters numbers orders filters layers parameters routers browsers printers adapters ' +
    'connectors controllers transformers embedders rerankers encoders decoders tensors dollars ' +
    'characters others hours colors flavors corridors floors doors mirrors ' +
    'meters liters litres centers centres quarters offers covers ' +
    // -ants words that are things.
    'variants plants restaurants constants grants implants pants'
  ).split(' '),
);
/**
 * Plural agent nouns: "coders", "handlers", "investors", "localizers", and in -ants: "applicants",
 * "participants", "claimants" (stem of three letters or more).
 */
const AGENT_PLURAL = /^[a-z]{3,}(?:ers|ors|ants)$/;

const cache = new Map<string, boolean>();

/**
 * A singular person noun as non-native writers put it after a count ("10 developer", "400 engineer",
 * "6 lawyer"): its plural is a person noun. Callers accept it only where the phrase ends.
 */
export function isSingularPersonNoun(word: string): boolean {
  const w = word.toLowerCase().replace(/[^a-z-]/g, '');
  if (w.length < 3 || w.endsWith('s')) return false;
  return isPersonNoun(`${w}s`);
}

export function isPersonNoun(word: string): boolean {
  const w = word.toLowerCase().replace(/[^a-z-]/g, '');
  if (w.length < 3 || NOT_PEOPLE.has(w)) return PEOPLE_WORDS.has(w);
  if (PEOPLE_WORDS.has(w)) return true;
  let known = cache.get(w);
  if (known === undefined) {
    known = (nlp(w).has('#Actor') && w.endsWith('s')) || AGENT_PLURAL.test(w);
    cache.set(w, known);
  }
  return known;
}
