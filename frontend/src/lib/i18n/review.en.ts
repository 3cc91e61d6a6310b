// Strings of the review queue (keyboard shortcuts, next pending) and the phone workbench (English).
const review = {
  reviewQueue: {
    position: '{{n}} of {{total}}',
    done: 'All pending results in this view have been reviewed',
    next: 'Moved to the next pending result: {{name}}',
    shortcuts: 'Shortcuts',
    keys: { next: 'Next', previous: 'Previous', confirm: 'Confirm', return: 'Return with a reason', close: 'Close the detail' },
    submitHint: 'Ctrl + Enter to submit',
  },
  phoneWorkbench: {
    filters: 'Filters',
    filtersTitle: 'Filters',
    done: 'Done',
  },
};

export default review;
