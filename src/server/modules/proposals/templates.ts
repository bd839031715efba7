import type { ProposalItemInput, ProposalTemplate } from '../../../contracts/proposals.js';

/**
 * Proposal templates for three common Australian engagements. Items name the firm's service
 * template (DEFAULT_TEMPLATES in the work module) they become on acceptance; the id is filled in per
 * firm when the templates are listed, so a firm that renamed or archived one gets an item with no
 * service (priced, but nothing is set up for it).
 */
interface TemplateDef extends Omit<ProposalTemplate, 'items'> {
  items: (Omit<ProposalItemInput, 'serviceTemplateId'> & { serviceTemplateName: string | null })[];
}

export const ENGAGEMENT_TERMS = `Engagement letter

This letter confirms the terms on which {{firm.legalName}} (ABN {{firm.abn}}) will act for {{client.name}}.

1. Scope. We will carry out the services set out in this proposal, and only those. Other work is quoted separately.
2. Your responsibilities. You are responsible for the completeness and accuracy of the information you give us, for keeping the records the law requires, and for telling us of changes in your affairs. Under self-assessment you remain responsible for what is lodged in your name.
3. Our responsibilities. We will act with due care and skill and in line with the Tax Agent Services Act 2009 and the Code of Professional Conduct. We are not engaged to audit your records or to detect fraud.
4. Fees. Our fees are as set out in the pricing table, plus GST where it applies. Recurring fees are billed in advance for each period. Invoices are payable within our trading terms.
5. Lodgment. We lodge returns and statements once you have approved them. Where we lodge under the tax agent lodgment program, the due dates that apply to our clients are used.
6. Records and privacy. We keep your information confidential and in line with the Privacy Act 1988 (Cth). We keep working papers for at least five years.
7. Limitation of liability. Our liability is limited by a scheme approved under Professional Standards Legislation.
8. Ending the engagement. Either of us may end this engagement by notice in writing; fees for work done until then remain payable.

This proposal is open for acceptance until {{proposal.expiresOn}}. By signing, you accept these terms.`;

export const PROPOSAL_TEMPLATES: TemplateDef[] = [
  {
    key: 'annual_compliance', title: 'Annual compliance package', validDays: 30,
    intro: 'Thank you for the opportunity to look after {{client.name}}. This package covers your annual compliance obligations for the financial year: quarterly BAS, the annual financial statements and income tax return, and year-end planning, for a fixed fee with no surprises.',
    terms: ENGAGEMENT_TERMS,
    items: [
      { description: 'BAS preparation and lodgment', serviceTemplateName: 'BAS Preparation', kind: 'quarterly', quantityMilli: 1000, unitPriceCents: 495_00, gst: 'taxable', optional: false, scope: 'Reconcile your bank accounts and GST each quarter, prepare the business activity statement, and lodge it once you approve it.' },
      { description: 'Financial statements and company tax return', serviceTemplateName: 'Company Tax Return', kind: 'annual', quantityMilli: 1000, unitPriceCents: 2_750_00, gst: 'taxable', optional: false, scope: 'Prepare special-purpose financial statements and the company income tax return for the year, and lodge the return once you approve it.' },
      { description: 'Year-end tax planning meeting', serviceTemplateName: 'Advisory', kind: 'one_off', quantityMilli: 1000, unitPriceCents: 450_00, gst: 'taxable', optional: false, scope: 'A one-hour meeting before 30 June to review the year and plan deductions, contributions and distributions.' },
      { description: 'Monthly bookkeeping', serviceTemplateName: 'Bookkeeping', kind: 'monthly', quantityMilli: 1000, unitPriceCents: 385_00, gst: 'taxable', optional: true, scope: 'Code and reconcile your transactions each month in your accounting software.' },
    ],
  },
  {
    key: 'bas_quarterly', title: 'BAS quarterly service', validDays: 30,
    intro: 'We will prepare and lodge the business activity statements of {{client.name}} each quarter, so you meet every ATO due date without the paperwork.',
    terms: ENGAGEMENT_TERMS,
    items: [
      { description: 'BAS preparation and lodgment', serviceTemplateName: 'BAS Preparation', kind: 'quarterly', quantityMilli: 1000, unitPriceCents: 495_00, gst: 'taxable', optional: false, scope: 'Bank and GST reconciliation each quarter, preparation of the BAS (GST, PAYG withholding and instalments), and lodgment once you approve it.' },
      { description: 'Set-up and review of your GST coding', serviceTemplateName: null, kind: 'one_off', quantityMilli: 1000, unitPriceCents: 275_00, gst: 'taxable', optional: false, scope: 'A one-off review of how your accounts and tax codes are set up, so each quarter is right first time.' },
      { description: 'Payroll and Single Touch Payroll', serviceTemplateName: 'Payroll and STP', kind: 'monthly', quantityMilli: 1000, unitPriceCents: 220_00, gst: 'taxable', optional: true, scope: 'Process your pay runs and lodge the STP reports.' },
    ],
  },
  {
    key: 'smsf_annual', title: 'SMSF annual compliance', validDays: 30,
    intro: 'This proposal covers the annual compliance of your self-managed super fund: financial statements, the SMSF annual return and the independent audit by an approved SMSF auditor.',
    terms: ENGAGEMENT_TERMS,
    items: [
      { description: 'SMSF financial statements and annual return', serviceTemplateName: 'SMSF Annual Return and Audit', kind: 'annual', quantityMilli: 1000, unitPriceCents: 2_200_00, gst: 'taxable', optional: false, scope: 'Prepare the fund’s financial statements, member statements and the SMSF annual return, and lodge it once the trustees approve it.' },
      { description: 'Independent SMSF audit', serviceTemplateName: null, kind: 'annual', quantityMilli: 1000, unitPriceCents: 660_00, gst: 'taxable', optional: false, scope: 'Arrange the independent audit by an ASIC-registered SMSF auditor, as the SIS Act requires each year.' },
      { description: 'Actuarial certificate', serviceTemplateName: null, kind: 'one_off', quantityMilli: 1000, unitPriceCents: 180_00, gst: 'taxable', optional: true, scope: 'Only needed if a member is receiving a pension and the fund uses the proportionate method.' },
    ],
  },
];
