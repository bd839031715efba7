import { describe, expect, it } from 'vitest';
import { stripQuotedReply } from './quote-strip.js';

const notice = [
  '> Hello Jane,',
  '>',
  '> Smith & Co Accountants has sent you a message in your client portal. For your',
  '> privacy, messages are not sent by e-mail: open the portal to read it.',
  '>',
  '> Read the message: https://smith.ledgerloom.example/messages/5b0c',
];

describe('stripQuotedReply', () => {
  it('Gmail: reply above "On <date> <name> <address> wrote:" and a > quote', () => {
    const mail = [
      'Thanks Mia,',
      '',
      'The bank statements are in the shared folder.',
      '',
      'On Tue, 4 Jun 2024 at 10:15, Smith & Co Accountants <reply+abc@mail.ledgerloom.example> wrote:',
      ...notice,
    ].join('\r\n');
    expect(stripQuotedReply(mail)).toBe('Thanks Mia,\n\nThe bank statements are in the shared folder.');
  });

  it('Gmail: the "On … wrote:" line wrapped over two lines', () => {
    const mail = [
      'Yes, please lodge it.',
      '',
      'On Tue, Jun 4, 2024 at 10:15 AM Smith & Co Accountants <',
      'reply+0123456789abcdefghijklmnopqrstuvwxyzABCDEFG@mail.ledgerloom.example> wrote:',
      '',
      ...notice,
    ].join('\n');
    expect(stripQuotedReply(mail)).toBe('Yes, please lodge it.');
  });

  it('Gmail: wrapped after the date, before the name', () => {
    const mail = ['Done.', '', 'On Wed, 5 Jun 2024 at 09:01,', 'Mia Nguyen <mia@smithco.example> wrote:', ...notice].join('\n');
    expect(stripQuotedReply(mail)).toBe('Done.');
  });

  it('Gmail with a signature above the quote', () => {
    const mail = ['Invoice paid this morning.', '', '-- ', 'Jane Citizen', 'Director, Citizen Holdings', '0400 000 000', '', 'On Tue, 4 Jun 2024 at 10:15, Smith & Co <reply+x@ll.example> wrote:', ...notice].join('\n');
    expect(stripQuotedReply(mail)).toBe('Invoice paid this morning.');
  });

  it('Apple Mail (macOS): "On 4 Jun 2024, at 10:15, Name <addr> wrote:"', () => {
    const mail = ['Could we move the meeting to Friday?', '', 'Kind regards', 'Jane', '', '> On 4 Jun 2024, at 10:15, Smith & Co <reply+x@ll.example> wrote:', '>', ...notice].join('\n');
    expect(stripQuotedReply(mail)).toBe('Could we move the meeting to Friday?\n\nKind regards\nJane');
  });

  it('Apple Mail unquoted header line before the quote', () => {
    const mail = ['Attached in the portal now.', '', 'On 4 Jun 2024, at 10:15 am, Smith & Co <reply+x@ll.example> wrote:', '', ...notice].join('\n');
    expect(stripQuotedReply(mail)).toBe('Attached in the portal now.');
  });

  it('iPhone: "Sent from my iPhone" trailer then the quote', () => {
    const mail = ['Ok will do', '', 'Sent from my iPhone', '', '> On 4 Jun 2024, at 10:15 am, Smith & Co <reply+x@ll.example> wrote:', '>', ...notice].join('\n');
    expect(stripQuotedReply(mail)).toBe('Ok will do');
  });

  it('iPad and Android trailers', () => {
    expect(stripQuotedReply('Got it\n\nSent from my iPad\n')).toBe('Got it');
    expect(stripQuotedReply('Got it\n\nSent from my Galaxy\n')).toBe('Got it');
    expect(stripQuotedReply('Got it\nSent from Outlook for Android\n')).toBe('Got it');
  });

  it('Outlook desktop: "-----Original Message-----" block', () => {
    const mail = [
      'Hi Mia,',
      'Please find the figures below:',
      '  Sales: $12,400',
      '  GST:   $1,240',
      '',
      '-----Original Message-----',
      'From: Smith & Co Accountants <no-reply@ledgerloom.example>',
      'Sent: Tuesday, 4 June 2024 10:15 AM',
      'To: Jane Citizen <jane@example.com>',
      'Subject: New message from Smith & Co Accountants',
      '',
      'Hello Jane,',
    ].join('\r\n');
    expect(stripQuotedReply(mail)).toBe('Hi Mia,\nPlease find the figures below:\n  Sales: $12,400\n  GST:   $1,240');
  });

  it('Outlook (new / web): underscores then a From/Sent/To/Subject header block', () => {
    const mail = [
      'Confirmed, thank you.',
      '',
      'Jane Citizen | Citizen Holdings',
      '________________________________',
      'From: Smith & Co Accountants <no-reply@ledgerloom.example>',
      'Sent: Tuesday, June 4, 2024 10:15:02 AM',
      'To: Jane Citizen <jane@example.com>',
      'Subject: New message from Smith & Co Accountants',
      '',
      'Hello Jane,',
    ].join('\n');
    expect(stripQuotedReply(mail)).toBe('Confirmed, thank you.\n\nJane Citizen | Citizen Holdings');
  });

  it('Outlook header block without a rule, bold markers from HTML conversion', () => {
    const mail = ['See you then.', '', '*From:* Smith & Co <reply+x@ll.example>', '*Sent:* Tuesday, 4 June 2024 10:15 AM', '*To:* Jane <jane@example.com>', '*Subject:* New message', '', 'Hello Jane,'].join('\n');
    expect(stripQuotedReply(mail)).toBe('See you then.');
  });

  it('Outlook mobile: "Get Outlook for iOS" trailer and header block', () => {
    const mail = ['Thanks!', '', 'Get Outlook for iOS<https://aka.ms/o0ukef>', '________________________________', 'From: Smith & Co <reply+x@ll.example>', 'Sent: Tuesday, June 4, 2024 10:15 AM', 'To: Jane', 'Subject: New message', '', 'Hello'].join('\n');
    expect(stripQuotedReply(mail)).toBe('Thanks!');
  });

  it('a "From:" line in the reply itself is kept when no Sent/Date header follows', () => {
    const mail = 'The letter says:\nFrom: the ATO\nabout the 2023 return.\n';
    expect(stripQuotedReply(mail)).toBe('The letter says:\nFrom: the ATO\nabout the 2023 return.');
  });

  it('"-- " signature delimiter with no quote', () => {
    expect(stripQuotedReply('Call me tomorrow please.\n\n-- \nJane Citizen\nM 0400 000 000\n')).toBe('Call me tomorrow please.');
  });

  it('keeps the writer’s own line breaks, drops trailing spaces and excess blank lines', () => {
    expect(stripQuotedReply('Line one   \nLine two\n\n\n\nLine three\n')).toBe('Line one\nLine two\n\nLine three');
  });

  it('only the quote (an empty reply) gives an empty string', () => {
    expect(stripQuotedReply(['', 'On Tue, 4 Jun 2024 at 10:15, Smith & Co <reply+x@ll.example> wrote:', ...notice].join('\n'))).toBe('');
    expect(stripQuotedReply(['', '', ...notice].join('\n'))).toBe('');
    expect(stripQuotedReply('\n\nSent from my iPhone\n\n> On 4 Jun 2024 wrote:\n> hi')).toBe('');
    expect(stripQuotedReply(['-----Original Message-----', 'From: A', 'Sent: today', '', 'Hello Jane'].join('\n'))).toBe('');
  });

  it('bottom-posted reply under the quote is kept', () => {
    const mail = ['On Tue, 4 Jun 2024 at 10:15, Smith & Co <reply+x@ll.example> wrote:', ...notice, '', 'Replying down here as usual.', '', '-- ', 'Jane'].join('\n');
    expect(stripQuotedReply(mail)).toBe('Replying down here as usual.');
  });

  it('inline answers between quoted lines keep the answers only', () => {
    const mail = ['On Tue, 4 Jun 2024 at 10:15, Mia <mia@smithco.example> wrote:', '> Is the car used for work?', 'Yes, about 60%.', '> Do you have a logbook?', 'Yes, attached in the portal.'].join('\n');
    expect(stripQuotedReply(mail)).toBe('Yes, about 60%.\nYes, attached in the portal.');
  });

  it('"Name <address> wrote:" without "On"', () => {
    expect(stripQuotedReply(['Sounds good.', '', 'Smith & Co <reply+x@ll.example> wrote:', ...notice].join('\n'))).toBe('Sounds good.');
  });

  it('Gmail forward marker ends the reply', () => {
    expect(stripQuotedReply('FYI below\n\n---------- Forwarded message ---------\nFrom: ATO <no-reply@ato.gov.au>\nDate: Mon, 3 Jun 2024\n')).toBe('FYI below');
  });

  it('text that merely starts with "On" or mentions writing is kept', () => {
    const mail = 'On Monday I will drop off the receipts.\nMy wife wrote: "see attached" on the envelope.\nOn reflection, Bob wrote:\nnothing.';
    expect(stripQuotedReply(mail)).toBe(mail);
  });

  it('non-breaking spaces from HTML conversion do not hide a marker', () => {
    expect(stripQuotedReply('Thanks\n\nOn\u00a0Tue, 4 Jun 2024 at 10:15,\u00a0Mia <mia@x.example>\u00a0wrote:\n> hi')).toBe('Thanks');
  });
});
