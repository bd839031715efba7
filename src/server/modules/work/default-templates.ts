import type { StageDef, TemplateTaskDef } from '../../db/schema/work.js';

export interface TemplateDef {
  kind: string;
  name: string;
  description: string;
  recurrence: 'none' | 'monthly' | 'quarterly' | 'annually';
  dueDateRule: 'manual' | 'bas_quarterly' | 'bas_monthly' | 'individual_return';
  stages: StageDef[];
  tasks: TemplateTaskDef[];
}

const s = (key: string, name: string, clientLabel = name): StageDef => ({ key, name, clientLabel });
const t = (name: string, description: string, clientVisible = true): TemplateTaskDef => ({ name, description, clientVisible });

const returnStages = [
  s('awaiting_info', 'Awaiting information', 'Waiting for your information'),
  s('in_preparation', 'In preparation'),
  s('review', 'Review', 'Being reviewed'),
  s('awaiting_signature', 'Awaiting signature', 'Ready for your approval'),
  s('lodged', 'Lodged'),
];

/** The templates every firm starts with: a sensible Australian practice's services. Firms may add their own. */
export const DEFAULT_TEMPLATES: TemplateDef[] = [
  {
    kind: 'bas_quarterly', name: 'BAS Preparation', description: 'Quarterly business activity statement', recurrence: 'quarterly', dueDateRule: 'bas_quarterly',
    stages: [s('awaiting_records', 'Awaiting records', 'Waiting for your records'), s('in_preparation', 'In preparation'), s('review', 'Review', 'Being reviewed'), s('ready_to_lodge', 'Ready to lodge'), s('lodged', 'Lodged')],
    tasks: [t('Provide records for the quarter', 'Upload bank statements, sales and purchase records for the quarter, and answer our questions.'), t('Reconcile accounts', 'Bank and GST reconciliation.', false), t('Prepare BAS', 'Prepare the activity statement.', false), t('Approve and lodge', 'Review the BAS we prepared and approve it for lodgment.')],
  },
  {
    kind: 'bas_monthly', name: 'BAS Preparation (monthly)', description: 'Monthly business activity statement', recurrence: 'monthly', dueDateRule: 'bas_monthly',
    stages: [s('awaiting_records', 'Awaiting records', 'Waiting for your records'), s('in_preparation', 'In preparation'), s('review', 'Review', 'Being reviewed'), s('ready_to_lodge', 'Ready to lodge'), s('lodged', 'Lodged')],
    tasks: [t('Provide records for the month', 'Upload bank statements and sales and purchase records for the month.'), t('Prepare BAS', 'Reconcile and prepare the activity statement.', false)],
  },
  {
    kind: 'individual_return', name: 'Individual Tax Return', description: 'Income tax return for an individual', recurrence: 'annually', dueDateRule: 'individual_return',
    stages: returnStages,
    tasks: [t('Tax questionnaire', 'Answer our questions about your income, deductions and changes this year.'), t('Provide tax documents', 'Upload payment summaries, receipts for deductions and any other tax documents.'), t('Prepare return', 'Prepare the return.', false), t('Sign and lodge', 'Review and approve your return so we can lodge it.')],
  },
  {
    kind: 'company_return', name: 'Company Tax Return', description: 'Company income tax return and financial statements', recurrence: 'annually', dueDateRule: 'manual',
    stages: returnStages,
    tasks: [t('Provide year-end records', 'Upload year-end bank statements, loan statements and asset purchase details.'), t('Prepare financial statements', 'Prepare the financial statements.', false), t('Prepare return', 'Prepare the company return.', false), t('Approve and sign', 'Review and approve the financial statements and return.')],
  },
  {
    kind: 'trust_return', name: 'Trust Tax Return', description: 'Trust income tax return and distribution minutes', recurrence: 'annually', dueDateRule: 'manual',
    stages: returnStages,
    tasks: [t('Provide year-end records', 'Upload the trust’s year-end statements.'), t('Distribution resolution', 'Confirm how the trust’s income is to be distributed before 30 June.'), t('Prepare return', 'Prepare the trust return.', false), t('Approve and sign', 'Review and approve the return.')],
  },
  {
    kind: 'smsf_return', name: 'SMSF Annual Return and Audit', description: 'Self-managed super fund annual return, financial statements and independent audit', recurrence: 'annually', dueDateRule: 'manual',
    stages: [s('awaiting_info', 'Awaiting information', 'Waiting for your information'), s('in_preparation', 'In preparation'), s('audit', 'With auditor', 'With the auditor'), s('awaiting_signature', 'Awaiting signature', 'Ready for your approval'), s('lodged', 'Lodged')],
    tasks: [t('Provide fund records', 'Upload bank, investment and contribution statements for the fund.'), t('Prepare financial statements', 'Prepare the fund’s statements.', false), t('Independent audit', 'Send the fund to the approved auditor.', false), t('Trustee sign-off', 'Review and sign the statements and return as trustee.')],
  },
  {
    kind: 'bookkeeping', name: 'Bookkeeping', description: 'Monthly bookkeeping and reconciliation', recurrence: 'monthly', dueDateRule: 'manual',
    stages: [s('awaiting_records', 'Awaiting records', 'Waiting for your records'), s('in_progress', 'In progress'), s('complete', 'Complete')],
    tasks: [t('Provide receipts and invoices', 'Upload receipts and invoices for the month.'), t('Reconcile bank accounts', 'Code and reconcile transactions.', false)],
  },
  {
    kind: 'payroll', name: 'Payroll and STP', description: 'Pay runs and Single Touch Payroll reporting', recurrence: 'monthly', dueDateRule: 'manual',
    stages: [s('awaiting_timesheets', 'Awaiting timesheets', 'Waiting for your timesheets'), s('processing', 'Processing'), s('reported', 'Reported to the ATO')],
    tasks: [t('Provide timesheets and changes', 'Send timesheets, new starters and leaving employees.'), t('Process pay run and STP', 'Process the pay run and lodge the STP report.', false)],
  },
  {
    kind: 'advisory', name: 'Advisory', description: 'Advisory and planning work', recurrence: 'none', dueDateRule: 'manual',
    stages: [s('scoping', 'Scoping'), s('in_progress', 'In progress'), s('delivered', 'Delivered')],
    tasks: [t('Initial meeting', 'Meet to agree the scope of the advice.'), t('Prepare advice', 'Research and prepare the advice.', false)],
  },
];
