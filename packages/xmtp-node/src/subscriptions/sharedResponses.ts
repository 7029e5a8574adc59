/**
 * Converts a stored item to its response once, however many subscribers it is fanned out to:
 * live delivery hands every subscriber the same stored object, so they share one response object,
 * and the transport frames a response object once (callRunner), so N subscribers that have not
 * read a message hold one copy of it, not N.
 */
export function sharedPerItem<Item extends object, Response extends object>(convert: (item: Item) => Response): (item: Item) => Response {
  const converted = new WeakMap<Item, Response>();
  return (item) => {
    let response = converted.get(item);
    if (!response) converted.set(item, (response = convert(item)));
    return response;
  };
}
