/**
 * Keywords for the 9 use cases (docs/seed-data.md). Each keyword carries a weight:
 *   3 — names the task of exactly one use case ("code completion", "RAG", "contract review");
 *   2 — a strong but broader word ("chatbot", "summarize", "knowledge base");
 *   1 — a hint ("assistant", "legal", "documents").
 * The use-case classifier (use-case-classifier.ts) sees each match as a feature `rule<weight>:<use case>`
 * and learns how far to trust it. Chatbot words are deliberately weak: a chatbot that summarizes
 * emails is a summarization workload.
 */

export { USE_CASE_KEYS, type UseCaseKey } from '../../../kernel/enums.js';
import type { UseCaseKey } from '../../../kernel/enums.js';

export const DEFAULT_USE_CASE: UseCaseKey = 'chatbot_conversational';

export interface UseCaseKeyword {
  /** As shown in docs and notes. */
  label: string;
  pattern: RegExp;
  weight: 1 | 2 | 3;
}

function kw(label: string, pattern: RegExp, weight: 1 | 2 | 3): UseCaseKeyword {
  return { label, pattern, weight };
}

// "summar…" in all its forms, and a "within one sentence" gap used to pair words.
const SUMMAR = String.raw`(?:summar(?:y|ies|i[sz]e[sd]?|i[sz]ing|i[sz]ations?|i[sz]er)|tl;?dr|digest|sum(?:s|med|ming)?\s+up|recaps?|boil(?:s|ed|ing)?\s+down|condens(?:e|es|ed|ing))`;
const GAP = String.raw`[^.;!?]{0,40}?`;
const LONG_DOC = String.raw`(?:long|lengthy|multi-?page|\d+[- ]?pages?|hundreds of pages|large|entire|full|whole|(?:\d+|one|two|three|multi)[- ]hours?|hour-long)\s+(?:[\w-]+\s+){0,2}?(?:documents?|docs|reports?|papers?|books?|pdfs?|filings?|transcripts?|manuals?|theses|contracts?)|(?:reports?|papers?|books?|theses|filings?|transcripts?|annual reports?|research papers?|whitepapers?)`;
const SHORT_DOC = String.raw`(?:e-?mails?|articles?|news|messages?|tickets?|threads?|posts?|notes|reviews?|forums?|comments?|conversations?|chats?|chat logs?|voicemails?|press releases?|alerts?|complaints?|inbox(?:es)?|announcements?|memos?|sms|notifications?|status updates?|short\s+(?:\w+\s+)?(?:texts?|documents?|docs|reports?|transcripts?|papers?|abstracts?|updates?))`;
/** A short output length: "in 2 lines", "into three bullet points", "one-line", "headline-style". */
const SHORT_LENGTH = String.raw`(?:(?:in(?:to)?|to)\s+(?:one|two|three|a few|a couple of|\d)\s+(?:lines?|sentences?|bullets?|bullet points)|one-(?:line|sentence|paragraph)|headline-style)`;

export const USE_CASE_KEYWORDS: Record<UseCaseKey, UseCaseKeyword[]> = {
  chatbot_conversational: [
    kw('chatbot', /\bchat[- ]?bots?\b/i, 2),
    kw('customer support', /\bcustomer[- ](?:support|service|care)\b/i, 2),
    kw('helpdesk', /\bhelp[- ]?desk\b|\bservice[- ]?desk\b/i, 2),
    kw('support bot', /\bsupport[- ](?:bot|agent|assistant)s?\b/i, 2),
    kw('virtual assistant', /\b(?:virtual|conversational|ai|voice)\s+assistants?\b/i, 2),
    kw('conversational', /\bconversational\b/i, 2),
    kw('conversation', /\bconversations?\b/i, 1),
    kw('Q&A', /\bQ\s?&\s?A\b|\bQ and A\b|\bFAQs?\b/i, 2),
    kw('live chat', /\blive[- ]chat\b/i, 2),
    kw('ChatGPT', /\bchat-?gpt\b/i, 2),
    kw('assistant', /\bassistants?\b/i, 1),
    kw('chat', /\bchat(?:s|ting)?\b/i, 1),
    kw('answer questions', /\banswer(?:s|ing)?\s+(?:\w+\s+)?questions\b/i, 1),
    kw('support', /\bsupport\b/i, 1),
  ],
  code_completion: [
    kw('code completion', /\bcode[- ]complet(?:ion|ions|e)\b/i, 3),
    kw('autocomplete', /\bauto-?complet(?:e|ion|ions)\b/i, 3),
    kw('copilot', /\bco-?pilot\b/i, 3),
    kw('inline suggestions', /\binline\s+(?:code\s+)?(?:suggestions?|completions?)\b/i, 3),
    kw('tab completion', /\btab[- ]complet(?:e|ion)\b/i, 3),
    kw('IDE', /\bIDEs?\b|\bvs ?code\b|\beditor plugin\b/i, 3),
    kw('as developers type', /\bas (?:they|developers|engineers|users|people) type\b/i, 3),
    kw('completions', /\bcompletions?\b/i, 1),
  ],
  code_generation_detailed: [
    kw('code generation', /\bcode[- ]?gen(?:eration)?\b/i, 3),
    kw('generate code', /\bgenerat(?:e|es|ing)\s+(?:\w+\s+)?code\b/i, 3),
    kw(
      'write code',
      /\b(?:writ(?:e|es|ing)|generat(?:e|es|ing)|produc(?:e|es|ing)|creat(?:e|es|ing)|build(?:s|ing)?)\s+(?:[\w-]+\s+){0,2}?(?:code|functions|programs|scripts|unit tests|tests|classes|modules|sql(?: queries)?|boilerplate|playbooks|manifests|macros|stored procedures|endpoints|microservices|migrations|plugins|plug-ins|extensions|add-ons|components|libraries|sdks|clis)\b/i,
      3,
    ),
    kw(
      'multi-file',
      /\bmulti-?file\b|\bwhole (?:functions|modules|files)\b|\bentire (?:functions|modules|files)\b/i,
      3,
    ),
    kw(
      'coding agent',
      /\bcoding\s+agents?\b|\bcode\s+agents?\b|\brefactor(?:ing|s)?\b|\bscaffold(?:ing)?\b/i,
      3,
    ),
    kw('coding assistant', /\b(?:coding|code|programming|developer)\s+assistants?\b/i, 2),
    kw(
      'ETL jobs',
      /\b(?:etl|spark|pyspark|batch|cron|data[- ]pipeline)\s+jobs\b|\bdata\s+pipelines\b|\b(?:helm charts|dockerfiles|test suites|automations)\b/i,
      2,
    ),
    kw(
      'programming languages',
      /\b(?:python|java|scala|kotlin|typescript|javascript|golang|rust|c\+\+|c#|php|ruby|lua|cobol|solidity|bash|powershell|vba)\b/i,
      1,
    ),
    kw('code', /\bcode\b|\bcoding\b|\bprogramming\b/i, 1),
  ],
  translation: [
    kw('translation', /\btranslat(?:e|es|ed|ing|ion|ions|or)\b/i, 3),
    kw('localization', /\blocali[sz](?:e|es|ed|ing|ation)\b/i, 3),
    kw('paraphrase', /\bparaphras(?:e|es|ed|ing)\b/i, 3),
    kw('rewrite', /\bre-?writ(?:e|es|ing|ten)\b|\brephras(?:e|es|ing)\b|\breword(?:s|ed|ing)?\b/i, 2),
    kw(
      'plain language',
      /\bplain\s+(?:english|language|words)\b|\bsimpl(?:e|er)\s+(?:english|language|words|wording)\b|\bsimplif(?:y|ies|ied|ying)\s+(?:\w+\s+){0,2}(?:wording|language|text|letters|notices|documents)\b/i,
      2,
    ),
    kw('multilingual', /\bmulti-?lingual\b|\bbetween languages\b/i, 1),
  ],
  content_generation: [
    kw(
      'content generation',
      /\bcontent\s+(?:generation|creation|writing)\b|\bgenerat(?:e|ing)\s+content\b/i,
      3,
    ),
    kw('blog', /\bblogs?\b|\bblog posts?\b/i, 3),
    kw(
      'marketing copy',
      /\bmarketing\s+(?:copy|content|emails?|materials?|text)\b|\bad copy\b|\bcopywriting\b/i,
      3,
    ),
    kw('creative writing', /\bcreative\s+writing\b|\bstories\b|\bstorytelling\b|\bpoems?\b/i, 3),
    kw('writing assistant', /\bwriting\s+(?:assistant|tool|aid)s?\b/i, 3),
    kw(
      'product descriptions',
      /\bproduct\s+descriptions?\b|\bsocial[- ]media\s+posts?\b|\bnewsletters?\b/i,
      3,
    ),
    kw(
      'write articles',
      /\bwrit(?:e|es|ing)\s+(?:\w+\s+)?(?:articles|posts|essays|copy)\b|\bdraft(?:s|ing)?\s+(?:\w+\s+)?(?:e-?mails|letters|replies|responses|posts|articles|copy)\b/i,
      3,
    ),
    kw(
      'video scripts',
      /\b(?:video|youtube|tiktok|podcast|ad|commercial)\s+scripts?\b|\bscripts?\s+for\s+(?:\w+\s+)?(?:videos?|youtube|tiktok|reels|podcasts?|ads|commercials|shows)\b/i,
      3,
    ),
    kw(
      'lesson plans',
      /\blesson\s+plans?\b|\bquiz(?:zes)?\b|\bquiz\s+questions\b|\bworksheets?\b|\bflash-?cards?\b|\bexam\s+questions\b/i,
      3,
    ),
    kw(
      'slogans',
      /\bslogans?\b|\btaglines?\b|\bcaptions?\b|\bhashtags?\b|\bjob\s+(?:ads|adverts|postings|descriptions)\b/i,
      3,
    ),
    kw(
      'web copy',
      /\bcopy\s+(?:written|writing)\b|\b(?:web|website|landing[- ]page|product[- ]page|sales|e-?mail|catalog(?:ue)?)\s+copy\b/i,
      3,
    ),
    kw('content', /\bcontent\b|\bmarketing\b/i, 1),
  ],
  summarization_short: [
    kw(
      'summarize emails/articles',
      new RegExp(String.raw`\b${SUMMAR}\b${GAP}\b${SHORT_DOC}\b|\b${SHORT_DOC}\b${GAP}\b${SUMMAR}\b`, 'i'),
      3,
    ),
    kw('short summaries', /\bshort\s+summar(?:y|ies)\b|\bquick\s+summar(?:y|ies)\b/i, 3),
    kw(
      'summary in two lines',
      new RegExp(
        String.raw`\b${SUMMAR}\b${GAP}\b${SHORT_LENGTH}\b|\b${SHORT_LENGTH}\b${GAP}\b${SUMMAR}\b`,
        'i',
      ),
      3,
    ),
    kw('summarize', new RegExp(String.raw`\b${SUMMAR}\b`, 'i'), 2),
  ],
  document_analysis_rag: [
    kw('RAG', /\bRAG\b|\bretrieval[- ]augmented\b/i, 3),
    kw(
      'document Q&A',
      /\bdoc(?:ument)?s?\s+(?:Q\s?&\s?A|QA|question[- ]answering)\b|\b(?:Q\s?&\s?A|question[- ]answering|search)\s+(?:over|on|about|across|from)\s+(?:\w+\s+){0,4}(?:documents?|docs|pdfs?|manuals?|files|documentation|wiki|policies|knowledge[- ]base)\b/i,
      3,
    ),
    kw(
      'questions about documents',
      /\bquestions\s+(?:about|over|on|from)\s+(?:\w+\s+){0,2}(?:documents?|docs|pdfs?|manuals?|files|documentation|wiki|policies)\b/i,
      3,
    ),
    kw(
      'document analysis',
      /\bdocument\s+(?:analysis|understanding|search)\b|\bsemantic\s+search\b|\bvector\s+(?:db|database|store|search)\b|\bask[- ](?:your|the|my)?[- ]?(?:pdfs?|docs?|documents?|documentation)\b/i,
      3,
    ),
    kw(
      'query documents',
      /\b(?:query|querying|search|searching|look(?:s|ing)? up)\s+(?:\w+\s+){0,4}(?:slides|lecture notes|docs|documents|manuals|handbooks?|policies|wiki|files|pdfs|documentation|sharepoint|confluence|archives?)\b/i,
      3,
    ),
    kw(
      'knowledge base',
      /\bknowledge[- ]base\b|\binternal\s+(?:docs|documentation|wiki)\b|\bretrieval\b/i,
      2,
    ),
    kw('documents', /\bdocuments?\b|\bpdfs?\b/i, 1),
  ],
  long_document_summarization: [
    kw(
      'summarize long documents',
      new RegExp(
        String.raw`\b${SUMMAR}\b${GAP}\b(?:${LONG_DOC})\b|\b(?:${LONG_DOC})\b${GAP}\b${SUMMAR}\b`,
        'i',
      ),
      3,
    ),
    kw('long document summarization', /\blong[- ](?:document|doc|form|context)\s+summar/i, 3),
    kw(
      'show notes',
      /\bshow\s+notes\b|\bmeeting\s+minutes\b|\bminutes\s+(?:of|from)\s+(?:the\s+)?(?:\w+\s+)?(?:meetings?|calls?|hearings?|sessions?)\b/i,
      2,
    ),
  ],
  research_legal_analysis: [
    kw('legal analysis', /\blegal\s+(?:analysis|research|review|reasoning|discovery)\b|\be-?discovery\b/i, 3),
    kw(
      'contract analysis',
      /\b(?:contracts?|NDAs?|agreements?)\s+(?:analysis|review|reviews|comparison)\b|\b(?:analy[sz]\w*|review\w*|compar\w*|redlin\w*)\s+(?:\w+\s+){0,2}(?:contracts|NDAs|agreements|leases)\b/i,
      3,
    ),
    kw(
      'multi-document',
      /\bmulti-?document\b|\bacross\s+(?:many|multiple|hundreds of|thousands of|large)?\s*(?:documents|sources|corpora|papers|filings)\b|\blarge\s+corpora\b/i,
      3,
    ),
    kw(
      'due diligence',
      /\bdue diligence\b|\bcase law\b|\bliterature review\b|\bpatent (?:analysis|search|review)\b|\b(?:litigation|evidence|compliance)\s+review\b|\bprecedents?\b/i,
      3,
    ),
    kw('research', /\bresearch\b/i, 2),
    kw(
      'regulations',
      /\bregulat(?:ions|ory)\b|\bcompliance\b|\bpatents?\b|\bprior[- ]art\b|\bcourt\s+rulings\b|\bjurisdictions\b/i,
      2,
    ),
    kw(
      'analyse papers',
      /\b(?:analy[sz]\w*|compar\w*|cross-referenc\w*|synthesi[sz]\w*)\s+(?:\w+\s+){0,3}(?:papers|patents|studies|regulations|rulings|sources|filings|laws)\b/i,
      2,
    ),
    kw('contracts', /\bcontracts?\b|\bNDAs?\b/i, 2),
    kw('legal', /\blegal\b|\blaw(?:yers?| firms?)?\b|\battorneys?\b|\blitigation\b/i, 1),
  ],
};

/** Domain hints, in this (output) order; they steer model choice, not the use case. */
export const DOMAIN_KEYWORDS: { domain: string; pattern: RegExp }[] = [
  {
    domain: 'healthcare',
    pattern:
      /\bhealth ?care\b|\bmedical\b|\bclinical\b|\bclinicians?\b|\bpatients?\b|\bhospitals?\b|\bdoctors?\b|\bnurses?\b|\bHIPAA\b|\bpharma\w*|\bEHRs?\b/i,
  },
  {
    domain: 'legal',
    pattern:
      /\blegal\b|\blaw(?:yers?| firms?)?\b|\battorneys?\b|\bcontracts?\b|\bcourts?\b|\blitigation\b|\bparalegals?\b|\bcase law\b/i,
  },
  {
    domain: 'finance',
    pattern:
      /\bfinanc(?:e|ial)\b|\bbanks?\b|\bbanking\b|\bfintech\b|\btrading\b|\binsurance\b|\baccounting\b|\binvest(?:ment|ors?)\b|\bearnings\b/i,
  },
  {
    domain: 'code',
    pattern:
      /\bcode\b|\bcoding\b|\bprogramm(?:ing|ers?)\b|\bdevelopers?\b|\bdevs\b|\bsoftware engineers?\b|\bIDEs?\b|\bco-?pilot\b|\bpython\b|\bjavascript\b|\btypescript\b|\brepositor(?:y|ies)\b|\bgithub\b/i,
  },
  {
    domain: 'multilingual',
    pattern:
      /\bmulti-?lingual\b|\btranslat\w*|\blocali[sz]\w*|\blanguages\b|\bnon-English\b|\b(?:Spanish|French|German|Japanese|Chinese|Mandarin|Korean|Arabic|Portuguese|Italian|Hindi|Russian|Dutch)\b/i,
  },
  {
    domain: 'customer-support',
    pattern:
      /\bcustomer[- ](?:support|service|care)\b|\bhelp[- ]?desk\b|\bservice[- ]?desk\b|\bsupport (?:tickets?|agents?|bots?|team)\b|\b(?:call|contact) cent(?:er|re)s?\b/i,
  },
  {
    domain: 'education',
    pattern:
      /\beducation(?:al)?\b|\bstudents?\b|\bteachers?\b|\btutor(?:s|ing)?\b|\bschools?\b|\buniversit(?:y|ies)\b|\be-?learning\b/i,
  },
  {
    domain: 'ecommerce',
    pattern:
      /\be-?commerce\b|\bonline (?:store|shop)s?\b|\bretail\b|\bproduct descriptions?\b|\bshoppers?\b/i,
  },
];
