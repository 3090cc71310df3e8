// "Delete this?" with the two answers, shown in place of the buttons that asked.

interface Props {
  question: string;
  yes: string;
  no: string;
  pending: boolean;
  onYes: () => void;
  onNo: () => void;
}

export function ConfirmBar({ question, yes, no, pending, onYes, onNo }: Props) {
  return (
    <div className="followup-actions" role="group" data-testid="delete-confirm">
      <span>{question}</span>
      <button type="button" className="button primary small" data-testid="delete-yes" disabled={pending} onClick={onYes}>
        {yes}
      </button>
      <button type="button" className="button ghost small" onClick={onNo}>
        {no}
      </button>
    </div>
  );
}
