/**
 * How the landlord's report names each channel (src/reports/ names none: the core knows
 * channels only by id). Used by the report's route, Slack's /report and `npm run -s report`.
 */
export const reportChannelLabels: Readonly<Record<string, string>> = {
  sms: 'Text message (SMS)',
  whatsapp: 'WhatsApp',
  directline: 'Web chat',
  messenger: 'Facebook Messenger',
  instagram: 'Instagram',
  facebook: 'Facebook comments',
  email: 'Email',
  phone: 'Telephone',
  letter: 'Letter',
};
