import type { ProposalContent } from '../../../../contracts/proposals';
import { Checkbox } from '../../../components/Checkbox';
import { formatAbn, formatCalendarDate, formatMoney, formatQuantity } from '../../../lib/format';
import { chargesGst, periodLabels, periodSuffix, totalsFor } from './proposal-words';
import './proposal-signing.css';

export interface ProposalDocumentProps {
  content: ProposalContent;
  /** Optional items counted in the totals. */
  chosen: ReadonlySet<string>;
  /** When given, optional items are checkboxes; otherwise each says whether it is included. */
  onToggle?: ((itemId: string, included: boolean) => void) | undefined;
  /** Why the optional items cannot be changed (e.g. the first signer chose them). */
  choiceNote?: string | undefined;
  /** Whether "included / not included" is known yet for a read-only view. */
  choiceKnown?: boolean;
  logoUrl?: string | null | undefined;
}

/**
 * The whole proposal as the client reads it: who it is from and for, the introduction, the scope
 * and price of each item (optional ones to tick), the totals for each period with GST, the terms
 * (engagement letter) and when it expires. Used by the portal, the signing link and staff.
 */
export function ProposalDocument({ content, chosen, onToggle, choiceNote, choiceKnown = false, logoUrl }: ProposalDocumentProps) {
  const gst = chargesGst(content);
  const totals = totalsFor(content, chosen);
  const hasOptional = content.items.some((i) => i.optional);
  return (
    <article className="proposal-doc" aria-labelledby="proposal-doc-title">
      <header className="proposal-doc-header">
        <div className="proposal-doc-firm">
          {logoUrl ? <img src={logoUrl} alt="" className="proposal-doc-logo" /> : null}
          <div>
            <p className="proposal-doc-firm-name">{content.firm.displayName}</p>
            <p className="proposal-doc-firm-legal muted">
              {content.firm.legalName}
              {content.firm.abn ? ` · ABN ${formatAbn(content.firm.abn)}` : ''}
            </p>
          </div>
        </div>
        <h2 id="proposal-doc-title" className="proposal-doc-title">
          {content.title}
        </h2>
        <dl className="proposal-doc-facts">
          <div>
            <dt>Prepared for</dt>
            <dd>{content.clientName}</dd>
          </div>
          <div>
            <dt>Open until</dt>
            <dd>{formatCalendarDate(content.expiresOn)}</dd>
          </div>
        </dl>
      </header>

      {content.intro.trim() ? (
        <section aria-labelledby="proposal-intro-title" className="proposal-doc-section">
          <h3 id="proposal-intro-title">Introduction</h3>
          <p className="proposal-text">{content.intro}</p>
        </section>
      ) : null}

      <section aria-labelledby="proposal-pricing-title" className="proposal-doc-section">
        <h3 id="proposal-pricing-title">Scope and pricing</h3>
        <p className="muted proposal-small">
          Prices {gst ? 'exclude GST; the GST is shown beside each price' : 'carry no GST'}.
          {hasOptional ? ' Optional items are added only if you tick them.' : ''}
        </p>
        {choiceNote ? <p className="proposal-small">{choiceNote}</p> : null}
        <table className="proposal-items">
          <caption className="visually-hidden">Services in this proposal, with their prices</caption>
          <thead>
            <tr>
              <th scope="col">Service</th>
              <th scope="col" className="num">
                Price{gst ? ' excl. GST' : ''}
              </th>
              {gst ? (
                <th scope="col" className="num">
                  GST
                </th>
              ) : null}
            </tr>
          </thead>
          <tbody>
            {content.items.map((item) => {
              const included = !item.optional || chosen.has(item.id);
              return (
                <tr key={item.id} data-optional={item.optional || undefined} data-included={included || undefined}>
                  <th scope="row" className="proposal-item">
                    <span className="proposal-item-name">{item.description}</span>
                    {item.optional ? <span className="proposal-item-optional">Optional</span> : null}
                    {item.scope.trim() ? <span className="proposal-item-scope">{item.scope}</span> : null}
                    <span className="proposal-item-qty">
                      {item.quantityMilli === 1000 ? '' : `${formatQuantity(item.quantityMilli)} × `}
                      {formatMoney(item.unitPriceCents)} {periodSuffix[item.kind]}
                      {item.gst === 'gst_free' && gst ? ' (GST-free)' : ''}
                    </span>
                    {item.optional && onToggle ? (
                      <Checkbox className="proposal-item-choice" isSelected={included} onChange={(on) => onToggle(item.id, on)}>
                        Include {item.description}
                      </Checkbox>
                    ) : item.optional && choiceKnown ? (
                      <span className="proposal-item-choice-state">{included ? 'Included' : 'Not included'}</span>
                    ) : null}
                  </th>
                  <td className="num" data-label={gst ? 'Price excl. GST' : 'Price'}>
                    {formatMoney(item.amountCents)}
                    <span className="proposal-period"> {periodSuffix[item.kind]}</span>
                  </td>
                  {gst ? (
                    <td className="num" data-label="GST">
                      {formatMoney(item.gstCents)}
                    </td>
                  ) : null}
                </tr>
              );
            })}
          </tbody>
        </table>

        <div className="proposal-totals-scroll">
          <table className="proposal-totals" aria-labelledby="proposal-totals-title">
            <caption id="proposal-totals-title" className="proposal-totals-caption">
              Totals{hasOptional ? ' with the items you chose' : ''}
            </caption>
            <thead>
              <tr>
                <th scope="col">Charged</th>
                {gst ? (
                  <>
                    <th scope="col" className="num">
                      Excl. GST
                    </th>
                    <th scope="col" className="num">
                      GST
                    </th>
                  </>
                ) : null}
                <th scope="col" className="num">
                  {gst ? 'Total incl. GST' : 'Total'}
                </th>
              </tr>
            </thead>
            <tbody>
              {totals.map((t) => (
                <tr key={t.kind} data-kind={t.kind}>
                  <th scope="row">{periodLabels[t.kind]}</th>
                  {gst ? (
                    <>
                      <td className="num">{formatMoney(t.subtotalCents)}</td>
                      <td className="num">{formatMoney(t.gstCents)}</td>
                    </>
                  ) : null}
                  <td className="num proposal-total">{formatMoney(t.totalCents)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      {content.terms.trim() ? (
        <section aria-labelledby="proposal-terms-title" className="proposal-doc-section">
          <h3 id="proposal-terms-title">Terms and engagement letter</h3>
          <p className="proposal-text proposal-terms">{content.terms}</p>
        </section>
      ) : null}
      {content.invoiceOnAcceptance ? (
        <p className="proposal-small muted">When everyone has signed, {content.firm.displayName} will send the first invoice for the one-off items.</p>
      ) : null}
    </article>
  );
}
