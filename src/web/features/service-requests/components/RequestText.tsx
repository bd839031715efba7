import './service-requests.css';

/** What the client wrote, as typed: line breaks kept, markup shown as characters (React escapes it). */
export function RequestText({ text }: { text: string }) {
  return <p className="request-text">{text}</p>;
}
