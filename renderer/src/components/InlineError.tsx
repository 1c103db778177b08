/** An error shown where it happened (panel, form field, row). Renders nothing when empty. */
export function InlineError({ message, id }: { message: string | null | undefined; id?: string }) {
  if (!message) return null;
  return (
    <p className="inline-error" role="alert" id={id}>
      {message}
    </p>
  );
}
