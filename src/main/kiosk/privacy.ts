// What a kiosk may show about a person to whoever is standing at it: enough to recognise yourself,
// not enough to learn about someone else.

/** "jane.doe@acme.com" → "j***@acme.com"; "+44 7700 900123" → "•••• 0123". */
export function maskContact(email: string | null, phone: string | null): string | null {
  if (email) {
    const [local = '', domain = ''] = email.split('@');
    return `${local.slice(0, 1)}***@${domain}`;
  }
  if (phone) {
    const digits = phone.replace(/\D/g, '');
    return `•••• ${digits.slice(-4)}`;
  }
  return null;
}

/** The first word of a name: how the kiosk greets someone. */
export function firstNameOf(name: string): string {
  return name.trim().split(/\s+/)[0] ?? name;
}

/** "Grace Hopper" → "Grace H.": how a list of people on site looks at a kiosk. */
export function firstNameAndInitial(name: string): string {
  const words = name.trim().split(/\s+/);
  const last = words.length > 1 ? words[words.length - 1] : undefined;
  return last ? `${words[0]} ${last.slice(0, 1).toUpperCase()}.` : (words[0] ?? name);
}
