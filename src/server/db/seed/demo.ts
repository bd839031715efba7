import { eq, sql } from 'drizzle-orm';
import type { Database } from '../client.js';
import { clients, firms, portalUsers, staffUsers } from '../schema/index.js';
import { hashPassword } from '../../platform/auth/passwords.js';

export const DEMO_PASSWORD = 'Coral-Reef-Demo-2026';

export interface DemoLogins {
  staffUrl: string;
  portals: { firm: string; url: string; users: string[] }[];
  staff: string[];
}

interface DemoFirm {
  slug: string;
  legalName: string;
  tradingName: string;
  abn: string;
  displayName: string;
  primaryColour: string;
  supportEmail: string;
  supportPhone: string;
  staff: { email: string; name: string; role: 'owner' | 'admin' | 'staff' }[];
  clients: { type: 'individual' | 'company'; name: string; abn?: string; acn?: string; email: string; phone: string; assignedTo: string; portalUsers: { email: string; name: string }[] }[];
}

const DEMO: DemoFirm[] = [
  {
    slug: 'harbourside', legalName: 'Harbourside Accounting Pty Ltd', tradingName: 'Harbourside Accounting', abn: '51824753556',
    displayName: 'Harbourside Accounting', primaryColour: '#0F5E8C', supportEmail: 'hello@harbourside.example', supportPhone: '+61298765432',
    staff: [
      { email: 'owner@harbourside.example', name: 'Olivia Harper', role: 'owner' },
      { email: 'mia@harbourside.example', name: 'Mia Nguyen', role: 'staff' },
    ],
    clients: [
      { type: 'company', name: 'Coastal Coffee Pty Ltd', abn: '53004085616', acn: '004085616', email: 'accounts@coastalcoffee.example', phone: '+61412345678', assignedTo: 'mia@harbourside.example', portalUsers: [{ email: 'alex@coastalcoffee.example', name: 'Alex Morgan' }] },
      { type: 'individual', name: 'Jordan Lee', email: 'jordan@lee.example', phone: '+61423456789', assignedTo: 'mia@harbourside.example', portalUsers: [{ email: 'jordan@lee.example', name: 'Jordan Lee' }] },
    ],
  },
  {
    slug: 'summit', legalName: 'Summit Tax Advisers Pty Ltd', tradingName: 'Summit Tax Advisers', abn: '18123456789',
    displayName: 'Summit Tax Advisers', primaryColour: '#7C2D12', supportEmail: 'team@summit.example', supportPhone: '+61733334444',
    staff: [{ email: 'owner@summit.example', name: 'Sam Patel', role: 'owner' }],
    clients: [
      { type: 'individual', name: 'Kim Nakamura', email: 'kim@summit-client.example', phone: '+61434567890', assignedTo: 'owner@summit.example', portalUsers: [{ email: 'kim@summit-client.example', name: 'Kim Nakamura' }] },
    ],
  },
];

/**
 * Creates the demo firms on an empty database (never in production: the caller checks). Firms are
 * created through the owner connection (the app role cannot insert firms); everything inside a
 * firm goes through that firm's RLS scope like any request.
 */
export async function seedDemoData(db: Database): Promise<boolean> {
  const existing = await db.withoutFirm((tx) => tx.select({ id: firms.id }).from(firms).limit(1));
  if (existing.length > 0) return false;
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  for (const f of DEMO) {
    const [firm] = await db.owner
      .insert(firms)
      .values({ slug: f.slug, legalName: f.legalName, tradingName: f.tradingName, abn: f.abn, displayName: f.displayName, primaryColour: f.primaryColour, supportEmail: f.supportEmail, supportPhone: f.supportPhone, isDemo: true, requireStaffTwoFactor: false })
      .returning({ id: firms.id });
    if (!firm) throw new Error('demo firm insert failed');
    await db.withFirm(firm.id, async (tx) => {
      const staffIds = new Map<string, string>();
      for (const s of f.staff) {
        const [row] = await tx.insert(staffUsers).values({ firmId: firm.id, email: s.email, name: s.name, role: s.role, status: 'active', passwordHash }).returning({ id: staffUsers.id });
        if (row) staffIds.set(s.email, row.id);
      }
      for (const c of f.clients) {
        const [client] = await tx
          .insert(clients)
          .values({ firmId: firm.id, type: c.type, name: c.name, abn: c.abn ?? null, acn: c.acn ?? null, email: c.email, phone: c.phone, assignedStaffId: staffIds.get(c.assignedTo) ?? null })
          .returning({ id: clients.id });
        if (!client) throw new Error('demo client insert failed');
        for (const p of c.portalUsers) {
          await tx.insert(portalUsers).values({ firmId: firm.id, clientId: client.id, email: p.email, name: p.name, status: 'active', passwordHash, invitedAt: sql`now()` });
        }
      }
    });
  }
  return true;
}

export async function hasDemoFirm(db: Database): Promise<boolean> {
  const rows = await db.withoutFirm((tx) => tx.select({ id: firms.id }).from(firms).where(eq(firms.isDemo, true)).limit(1));
  return rows.length > 0;
}

export function demoLoginSummary(staffUrl: string, portalUrl: (slug: string) => string): DemoLogins {
  return {
    staffUrl,
    staff: DEMO.flatMap((f) => f.staff.map((s) => s.email)),
    portals: DEMO.map((f) => ({ firm: f.displayName, url: portalUrl(f.slug), users: f.clients.flatMap((c) => c.portalUsers.map((p) => p.email)) })),
  };
}
