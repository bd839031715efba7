import './avatar.css';

export interface AvatarPerson {
  id: string;
  name: string;
  initials: string;
}

const TONES = 6;

/** A stable colour per person, from their id (the colour only decorates; the name is always shown). */
function toneOf(id: string): number {
  let h = 0;
  for (let i = 0; i < id.length; i += 1) h = (h * 31 + id.charCodeAt(i)) >>> 0;
  return h % TONES;
}

/** Initials in a circle; decorative (the name next to it says who). */
export function Avatar({ person, size = 'md' }: { person: AvatarPerson; size?: 'sm' | 'md' | 'lg' }) {
  return (
    <span className={`avatar avatar-${size} avatar-tone-${toneOf(person.id)}`} aria-hidden="true">
      {person.initials || '?'}
    </span>
  );
}

/** Avatar and name, or the word for nobody ("Unassigned"). */
export function PersonChip({ person, size = 'sm', nobody = 'Unassigned' }: { person: AvatarPerson | null; size?: 'sm' | 'md' | 'lg'; nobody?: string }) {
  if (!person) return <span className="muted">{nobody}</span>;
  return (
    <span className="person-chip">
      <Avatar person={person} size={size} />
      <span className="person-chip-name">{person.name}</span>
    </span>
  );
}
