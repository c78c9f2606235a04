"use client";
import { useCallback, useState, type ReactNode } from "react";

// Destructive actions ask first, in a modal <dialog> (focus moves into it, Escape cancels), never
// in a browser confirm() that tests and screen readers handle badly. The dialog exists only
// while open, so a closed one never doubles a label on the page.

function useModal() {
  const [open, setOpen] = useState(false);
  // Opens as a modal as soon as it is mounted; Escape closes it through onClose.
  const attach = useCallback((node: HTMLDialogElement | null) => {
    if (node && !node.open) node.showModal();
  }, []);
  return { open, show: () => setOpen(true), hide: () => setOpen(false), attach };
}

export function ConfirmButton({
  children,
  title,
  body,
  confirmLabel,
  onConfirm,
  disabled,
  className = "danger",
}: {
  children: ReactNode;
  title: string;
  body: ReactNode;
  confirmLabel: string;
  onConfirm: () => void;
  disabled?: boolean;
  className?: string;
}) {
  const { open, show, hide, attach } = useModal();
  return (
    <>
      <button type="button" className={className} disabled={disabled} onClick={show}>
        {children}
      </button>
      {/* No form of its own: the button may sit inside another form (type="button" never submits it). */}
      {open && (
        <dialog ref={attach} aria-label={title} className="dialog" onClose={hide}>
          <h2>{title}</h2>
          <div>{body}</div>
          <div className="form-row" style={{ justifyContent: "flex-end", marginTop: "1rem" }}>
            <button type="button" className="secondary" autoFocus onClick={hide}>
              Cancel
            </button>
            <button
              type="button"
              className="danger"
              onClick={() => {
                hide();
                onConfirm();
              }}
            >
              {confirmLabel}
            </button>
          </div>
        </dialog>
      )}
    </>
  );
}

/** A small form in a dialog (a name to give, say), instead of window.prompt. */
export function PromptButton({
  children,
  title,
  label,
  submitLabel,
  onSubmit,
  className = "secondary",
}: {
  children: ReactNode;
  title: string;
  label: string;
  submitLabel: string;
  onSubmit: (value: string) => void;
  className?: string;
}) {
  const { open, show, hide, attach } = useModal();
  return (
    <>
      <button type="button" className={className} onClick={show}>
        {children}
      </button>
      {open && (
        <dialog ref={attach} aria-label={title} className="dialog" onClose={hide}>
          <form
            method="dialog"
            onSubmit={(e) => {
              const form = e.currentTarget;
              if ((e.nativeEvent as SubmitEvent).submitter?.getAttribute("value") !== "submit") return;
              const value = String(new FormData(form).get("value") ?? "").trim();
              if (value) onSubmit(value);
              form.reset();
            }}
          >
            <h2>{title}</h2>
            <label>
              {label}
              <input name="value" required maxLength={100} autoFocus />
            </label>
            <div className="form-row" style={{ justifyContent: "flex-end", marginTop: "1rem" }}>
              <button value="cancel" className="secondary" formNoValidate>
                Cancel
              </button>
              <button value="submit">{submitLabel}</button>
            </div>
          </form>
        </dialog>
      )}
    </>
  );
}
