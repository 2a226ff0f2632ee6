export { Badge } from './Badge';
export { Button, type ButtonVariant } from './Button';
export { Dialog } from './Dialog';
export { ChoiceField, Field } from './Field';
export { Kbd } from './Kbd';
export { ToastProvider, useToast, type ToastTone } from './Toast';
export { useRovingList } from './useRovingList';
