/**
 * Banking-style requests written for the benchmark (not dataset rows). Varied on purpose: short and long, typos,
 * different intents, so the n-gram lookup touches many different vocabulary rows as real traffic would.
 */
export const BASE_TEXTS: readonly string[] = [
  'I still have not received my new card, when will it arrive?',
  'My card payment was declined at the supermarket this morning',
  'How do I top up my account with a bank transfer?',
  'I think someone stole my card, please freeze it right now',
  'Why was I charged a fee for taking cash out of an ATM?',
  'The exchange rate on my last payment looks wrong',
  'Can I change the PIN on my card from the app?',
  'I forgot my passcode and cannot log in',
  'My top-up is still pending after two days',
  'How long does a transfer to another country usually take?',
  'There is a payment on my statement that I did not make',
  'Is it possible to get a refund for something I bought last week?',
  'The ATM kept my card, what should I do',
  'I want to close my account',
  'Which currencies can I hold in my wallet?',
  'My salary has not shown up in my balance yet',
  'How can I verify my identity? The photo upload keeps failing',
  'Can I order a virtual card for online shopping?',
  'I was charged twice for the same coffee',
  'what is the daily limit for cash withdrawals',
  'Do you support Apple Pay and Google Pay?',
  'The app says my transfer failed but the money left my account',
  'How do I change my home address?',
  'Why is my card not working abroad?',
  'I need to cancel a transfer I just sent to the wrong person',
  'Where can I see the fees for sending money to Europe?',
  'my contactless payments stopped working',
  'Can my child get a card linked to my account?',
  'I got less cash from the machine than I asked for',
  'How do I set up a direct debit for my rent?',
  'Is there a charge for topping up by card?',
  'The refund from the shop is still not in my account',
  'please help, I lost my phone and my card is on it',
  'Can I use this account for my small business?',
  'What do I need to open an account if I live in Spain?',
  'why did my balance not update after the cheque deposit',
  'How do I disable my card temporarily while I look for it?',
  'I was asked for a verification code that I never received',
  'Which countries can I send money to from the app?',
  'Is the exchange rate better on weekdays than at the weekend?',
];

const OPENERS = ['', 'Hi, ', 'Hello there! ', 'Quick question: '];

/**
 * `count` distinct texts: the base texts first, then the same with a greeting in front, and so on.
 *
 * @param count - how many texts (at most 160)
 */
export function benchTexts(count: number): string[] {
  const max = BASE_TEXTS.length * OPENERS.length;
  if (count > max) throw new RangeError(`at most ${max} distinct bench texts, asked for ${count}`);
  return Array.from(
    { length: count },
    (_, i) => OPENERS[Math.floor(i / BASE_TEXTS.length)]! + BASE_TEXTS[i % BASE_TEXTS.length]!,
  );
}
